// The Test screen in German: the UI's own words around the check (verdict box, buttons,
// headings, statuses, timing, the users table, the screen reader's log). The generated runs'
// texts come from Rust, which words them in English today: they are marked data-from-rust
// and left out of the English check here (Rust's own German is tested on the Rust side).
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CheckEvent } from '../../src/lib/bindings/CheckEvent';
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import { STEP_GROUPS } from '../../src/lib/bindings/ladder';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import { showLanguage } from '../../src/lib/i18n.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import TestConnection from '../../src/screens/TestConnection.svelte';
import { type CheckRun, checkRun, eventOf, stepOf, viewOf } from './fixtures';
import { englishLeft, inGerman } from './german';

declare global {
  interface Window {
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

/** The Test screen for a generated run's setup; the test pushes the run's events itself. */
function testScreen(run: CheckRun, extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const view: SetupView = viewOf(run);
  let channel = -1;
  let index = 0;
  let finish: (r: CheckReport) => void = () => undefined;
  const started = vi.fn();
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    if (extra[cmd]) return extra[cmd](a);
    if (cmd === 'run_check') {
      channel = (a.onEvent as { id: number }).id;
      started();
      return new Promise<CheckReport>((resolve) => (finish = resolve));
    }
    if (cmd === 'list_setups') return { setups: [], notice: null };
    if (cmd === 'save_setup') return view;
    throw new Error(`unexpected ${cmd}`);
  });
  const session = new SetupSession(view);
  const { container } = render(TestConnection, { session, ongo: vi.fn() });
  const user = userEvent.setup();
  return {
    container,
    user,
    send(event: CheckEvent) {
      window.__TAURI_INTERNALS__.runCallback(channel, { index: index++, message: event });
    },
    async start() {
      await user.click(screen.getByTestId('run-check'));
      await waitFor(() => expect(started).toHaveBeenCalled());
    },
    /** Streams the run's events as Rust sent them, then its report (or `report`). */
    async complete(report: CheckReport = run.report) {
      for (const event of run.events) this.send(event);
      finish(report);
      await waitFor(() => expect(screen.getByTestId('run-check')).toHaveTextContent(/Erneut testen|Run again/));
    },
  };
}

const stepEl = (id: string) => screen.getAllByTestId('check-step').find((s) => s.dataset.stepId === id)!;
const logLines = () => within(screen.getByTestId('check-announcer')).queryAllByRole('paragraph').map((p) => p.textContent);

describe('the Test screen in German', () => {
  inGerman();

  it('before a run: heading, what is tested, the button, no English', () => {
    const { container } = testScreen(checkRun('ready'));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Verbindung testen');
    expect(screen.getByTestId('run-check')).toHaveTextContent('Verbindung testen');
    expect(screen.getByText('Was getestet wird')).toBeInTheDocument();
    expect(screen.getByText('SCIM-Basis-URL')).toBeInTheDocument();
    expect(screen.getByText('Für diese Sitzung behalten')).toBeInTheDocument();
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('In dieser Sitzung nicht getestet');
    // PingOne's button keeps PingOne's (English) name, marked as English.
    expect(container.querySelector('.screen-head [lang="en"]')).toHaveTextContent('Test Connection');
    expect(englishLeft(container)).toEqual([]);
  });

  it('while running: the verdict box, the running step and its group say so in German', async () => {
    const generated = checkRun('ready');
    const page = testScreen(generated);
    await page.start();
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Die Verbindung wird getestet…');
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Wird gespeichert und gestartet…');
    expect(screen.getByTestId('run-check')).toHaveTextContent('Wird getestet…');

    page.send(eventOf(generated, 'token', 'step_started'));
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'running'));
    expect(stepEl('token')).toHaveTextContent('Läuft…');
    const group = stepEl('token').closest<HTMLElement>('[data-testid="step-group"]')!;
    const heading = STEP_GROUPS.find((g) => g.id === group.dataset.group)!.title.de;
    expect(within(group).getByRole('heading')).toHaveTextContent(`${heading} 1 läuft`);
    expect(englishLeft(page.container)).toEqual([]);
  });

  it('passed: verdict, counts in German format, the users table, report buttons and timing', async () => {
    const generated = checkRun('ready');
    const page = testScreen(generated, {
      copy_summary: () => null,
      save_report: () => '/home/admin/haiilo-bericht.md',
    });
    await page.start();
    const users = generated.report.users!;
    // A bigger directory than the demo tenant's and a longer run, to see German digits.
    await page.complete({ ...generated.report, duration_ms: 1234, users: { ...users, total_results: 12345 } });

    const verdict = screen.getByTestId('check-verdict');
    expect(verdict).toHaveTextContent('Der Übungs-Tenant akzeptiert diese Zugangsdaten');
    expect(screen.getByTestId('users-total')).toHaveTextContent('12.345 Benutzer in Haiilo');
    expect(screen.getByText(`Die ersten ${Math.min(users.sample.length, 10)} von 12.345 werden gezeigt.`)).toBeInTheDocument();
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['userName', 'Name', 'Aktiv']);
    expect(screen.getAllByRole('columnheader')[0].querySelector('[lang="en"]')).not.toBeNull();
    expect(screen.getAllByText('Inaktiv').length).toBeGreaterThan(0);
    expect(screen.getByTestId('save-report')).toHaveTextContent('Bericht speichern…');
    expect(screen.getByTestId('copy-summary')).toHaveTextContent('Zusammenfassung für ein Ticket kopieren');
    expect(screen.getByTestId('go-live')).toHaveTextContent('Zur Inbetriebnahme');
    expect(screen.getByTestId('waterfall')).toHaveTextContent('Zeitablauf');
    expect(screen.getByTestId('waterfall')).toHaveTextContent('ganzer Lauf 1,2 s · übersprungene Schritte nicht gezeigt');
    const token = stepOf(generated, 'token');
    const bar = screen.getAllByTestId('waterfall-bar').find((b) => b.dataset.stepId === 'token')!;
    expect(bar).toHaveAttribute('aria-label', `${token.title}: begann nach 10 ms, dauerte 10 ms, bestanden`);
    // Every group of passed steps counts them in German.
    for (const group of screen.getAllByTestId('step-group')) {
      const shown = within(group).getAllByTestId('check-step');
      if (shown.every((s) => s.dataset.status === 'pass'))
        expect(within(group).getByRole('heading')).toHaveTextContent(`${shown.length} bestanden`);
    }
    expect(within(stepEl('token')).getByText(': Bestanden')).toBeInTheDocument();
    expect(englishLeft(page.container)).toEqual([]);

    await page.user.click(screen.getByTestId('copy-summary'));
    await waitFor(() =>
      expect(screen.getByTestId('report-status')).toHaveTextContent('Zusammenfassung kopiert: Fügen Sie sie in Ihr Ticket ein.'),
    );
    await page.user.click(screen.getByTestId('save-report'));
    await waitFor(() =>
      expect(screen.getByTestId('report-status')).toHaveTextContent('Gespeichert unter /home/admin/haiilo-bericht.md'),
    );
    expect(screen.getByTestId('report-include-users').closest('label')).toHaveTextContent(
      `Namen der ersten ${users.sample.length} Benutzer aufnehmen (personenbezogene Daten)`,
    );
    expect(englishLeft(page.container)).toEqual([]);
  });

  it('failed, with a finding open: the fix, its evidence under German labels, skipped steps', async () => {
    const generated = checkRun('wrong-secret');
    const page = testScreen(generated);
    await page.start();
    await page.complete();

    const verdict = screen.getByTestId('check-verdict');
    expect(verdict).toHaveTextContent('Beheben Sie diese Punkte, den schwersten zuerst, und testen Sie dann erneut.');
    const item = screen.getAllByTestId('verdict-item')[0];
    expect(item).toHaveTextContent(item.dataset.severity === 'critical' ? 'Kritisch' : 'Problem');
    expect(item).toHaveTextContent('Lösung:');
    expect(screen.getByTestId('go-live-hold')).toHaveTextContent('Lassen Sie die Regel in PingOne ausgeschaltet');

    const finding = screen.getByTestId('finding');
    expect(finding).toHaveTextContent('So beheben Sie es');
    await page.user.click(within(finding).getByText('Details und Belege'));
    const evidence = within(finding).getByTestId('finding-evidence');
    expect(evidence).toBeVisible();
    const labels = [...evidence.querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(labels).toContain('Anfrage');
    expect(labels).toContain('Status');
    // The server's exchange is shown as it came, marked so.
    for (const dd of evidence.querySelectorAll('dd')) expect(dd).toHaveAttribute('data-verbatim');
    expect(within(finding).getByTestId('finding-code')).toHaveAttribute('title', 'Befundcode');
    expect(within(stepEl('token')).getByText(': Fehlgeschlagen')).toBeInTheDocument();
    expect(within(stepEl('list_users')).getByText(': Übersprungen')).toBeInTheDocument();
    expect(englishLeft(page.container)).toEqual([]);
  });

  it('ready with a warning: the verdict counts the warning in German', async () => {
    const generated = checkRun('ready-with-warning');
    const page = testScreen(generated);
    await page.start();
    await page.complete();
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Nichts blockiert PingOne; die Warnung unten ist einen Blick wert.');
    expect(screen.getAllByTestId('verdict-item')[0]).toHaveTextContent('Warnung');
    const warned = screen.getAllByTestId('check-step').find((s) => s.dataset.status === 'warn')!;
    expect(within(warned).getByText(': Warnung')).toBeInTheDocument();
    const group = warned.closest<HTMLElement>('[data-testid="step-group"]')!;
    expect(within(group).getByRole('heading')).toHaveTextContent('1 mit Warnung');
    expect(englishLeft(page.container)).toEqual([]);
  });

  it('the screen reader hears the run in German: the start, each step’s outcome, then the verdict', async () => {
    const generated = checkRun('wrong-secret');
    const page = testScreen(generated);
    await page.start();
    await waitFor(() => expect(logLines()).toEqual(['Die Verbindung wird getestet…']));
    expect(screen.getByTestId('check-announcer')).toHaveAttribute('aria-label', 'Testfortschritt');
    await page.complete();
    const title = (id: Parameters<typeof stepOf>[1]) => stepOf(generated, id).title;
    const lines = logLines();
    expect(lines).toContain(`${title('token')}: fehlgeschlagen`);
    expect(lines).toContain(`${title('inputs')}: bestanden`);
    expect(lines).toContain(`${title('list_users')}: übersprungen`);
    expect(lines[lines.length - 1]).toBe(generated.report.verdict.headline);
    expect(englishLeft(screen.getByTestId('check-announcer'))).toEqual([]);
  });

  it('a warning is heard as passed with a warning', async () => {
    const generated = checkRun('ready-with-warning');
    const page = testScreen(generated);
    await page.start();
    await page.complete();
    const warned = generated.report.steps.find((s) => s.status === 'warn')!;
    expect(logLines()).toContain(`${warned.title}: mit einer Warnung bestanden`);
  });
});

describe('switching the language while a result is shown', () => {
  it('re-renders the Test screen in the new language, and back', async () => {
    const generated = checkRun('wrong-secret');
    const page = testScreen(generated);
    await page.start();
    await page.complete();
    expect(screen.getByTestId('run-check')).toHaveTextContent('Run again');
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Fix these, worst first');
    expect(screen.getByTestId('finding')).toHaveTextContent('How to fix it');
    expect(logLines()).toContain(`${stepOf(generated, 'token').title}: failed`);

    showLanguage('de');
    try {
      await waitFor(() => expect(screen.getByTestId('run-check')).toHaveTextContent('Erneut testen'));
      expect(screen.getByTestId('check-verdict')).toHaveTextContent('Beheben Sie diese Punkte');
      expect(screen.getByTestId('finding')).toHaveTextContent('So beheben Sie es');
      expect(screen.getByRole('heading', { level: 2, name: 'Schritte' })).toBeInTheDocument();
      // The log's lines already read out follow too (the step's outcome is the UI's word).
      expect(logLines()).toContain(`${stepOf(generated, 'token').title}: fehlgeschlagen`);
      expect(englishLeft(page.container)).toEqual([]);
    } finally {
      showLanguage('en');
    }
    await waitFor(() => expect(screen.getByTestId('run-check')).toHaveTextContent('Run again'));
    expect(screen.getByTestId('finding')).toHaveTextContent('How to fix it');
  });
});
