// The Go live screen, switching the rule on and the change of client pair, in German.
// PingOne's labels stay English (marked lang="en"); Haiilo's menu path is in Haiilo's German.
// Left out of the English check: components other files own and translate (the walkthrough
// ticks, menu paths, the secret field, documentation links, the "not confirmed" badge's own
// words; the subjects this screen gives the badges are checked here), and Rust's texts.
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { NewPairOutcome } from '../../src/lib/bindings/NewPairOutcome';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import { showLanguage } from '../../src/lib/i18n.svelte';
import { rowFromResult, SetupSession } from '../../src/lib/session.svelte';
import RuleSwitch from '../../src/components/RuleSwitch.svelte';
import SecretRotation from '../../src/components/SecretRotation.svelte';
import AfterSetup from '../../src/screens/AfterSetup.svelte';
import { type CheckRun, checkRun, lastCheckOf, viewOf } from './fixtures';
import { englishLeft, inGerman } from './german';

/** Components whose words other files own (their own German tests cover them). */
const OWNED_ELSEWHERE = ['.guide', '.path', '.secret', '.doc-link', '[data-testid="unconfirmed"]'];

function backend(view: SetupView, handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push(cmd);
    if (handlers[cmd]) return handlers[cmd](a);
    if (cmd === 'save_setup') return { ...view, setup: { ...view.setup, ...(a.input as SetupInput) } };
    if (cmd === 'list_setups') return { setups: [], notice: null };
    if (cmd === 'new_pair_state') return { location: 'none', keychain_error: null };
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

function sessionWith(view: SetupView, run: CheckRun | null): SetupSession {
  const session = new SetupSession(view);
  if (run) session.check = { running: false, steps: run.report.steps.map(rowFromResult), report: run.report, error: null };
  return session;
}

function goLive(view: SetupView, run: CheckRun | null) {
  backend(view);
  return render(AfterSetup, { session: sessionWith(view, run), ongo: vi.fn() }).container;
}

describe('Go live in German', () => {
  inGerman();

  it('untested: says to test first; the sync, leavers, groups and profile fields in German, PingOne’s labels in English', () => {
    const container = goLive(viewOf(checkRun('ready')), null);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Live schalten und in Betrieb halten');
    const advice = screen.getByTestId('switch-on-advice');
    expect(advice.dataset.advice).toBe('not_tested');
    expect(advice).toHaveTextContent('Erst testen: Lassen Sie die Regel bis dahin ausgeschaltet');
    expect(screen.getByTestId('go-to-test')).toHaveTextContent('Zum Test');
    expect(screen.getByRole('list', { name: 'Die Regel einschalten' })).toBeInTheDocument();

    const sync = screen.getByTestId('after-sync');
    expect(within(sync).getByRole('heading')).toHaveTextContent('Die Synchronisierung beobachten');
    const pingoneLabels = [...sync.querySelectorAll('[lang="en"]')].map((el) => el.textContent);
    expect(pingoneLabels).toEqual(expect.arrayContaining(['Integrations › Provisioning', 'Rules', 'Sync summary', 'Audit logs', 'Resync']));
    const counts = screen.getByTestId('sync-counts');
    const terms = [...counts.querySelectorAll('dt')];
    expect(terms.map((dt) => dt.textContent)).toEqual(['Impacted', 'Success', 'Unsynced', 'Partial Synced', 'Failed']);
    for (const dt of terms) expect(dt).toHaveAttribute('lang', 'en');
    expect(counts).toHaveTextContent('Benutzer, die wegen eines Fehlers nicht gesendet wurden.');

    const leavers = screen.getByTestId('after-deprovisioning');
    expect(leavers).toHaveTextContent('Wenn jemand geht: deaktivieren oder löschen');
    expect(screen.getByTestId('remove-action-disable')).toHaveTextContent('PingOne setzt den Benutzer in Haiilo auf inaktiv');
    expect(screen.getByTestId('remove-action-delete')).toHaveTextContent('Deprovisionierungsrichtlinie');

    const groups = screen.getByTestId('after-groups');
    expect(screen.getByTestId('after-groups-choice')).toHaveTextContent('Die Entscheidung zu Gruppen ist noch nicht getroffen (Phase 3).');
    expect(groups).toHaveTextContent('PingOne empfiehlt höchstens 1.000 Gruppen pro Regel.');
    expect(within(groups).getByRole('heading', { name: 'Zusätzliche Profilfelder' })).toBeInTheDocument();
    expect(groups).toHaveTextContent('unter Namen an, die mit profileField_ beginnen, zum Beispiel profileField_department');
    expect(within(groups).getByText('profileField_department').tagName).toBe('CODE');

    // Each "not confirmed" badge names its subject in German.
    const subjects = screen.getAllByTestId('unconfirmed').map((mark) => mark.getAttribute('title') ?? '');
    // Five about Go live's facts, two about Haiilo labels in the change of client pair.
    expect(subjects).toHaveLength(7);
    for (const subject of [
      'Beschriftung „API-Clients“',
      'Beschriftung „Erstellen“',
      'welche Ereignisse in PingOne die Entfernen-Aktion',
      'die Bezeichnung und Voreinstellung der Entfernen-Aktion',
      'was Haiilo mit den Mitgliedern einer bestehenden Gruppe tut',
      'welcher Name eines Haiilo-Profilfelds auf das Präfix profileField_ folgt',
      'dass ein SCIM-Benutzerverzeichnis in Haiilo zwei API-Client-Paare gleichzeitig annimmt',
    ])
      expect(subjects.some((title) => title.includes(subject))).toBe(true);

    expect(screen.getByTestId('after-docs')).toHaveTextContent('Öffnet sich in Ihrem Browser.');
    expect(englishLeft(container, OWNED_ELSEWHERE)).toEqual([]);
  });

  it('after a failed test: leave the rule off; the setup’s group choice with the admin’s note', () => {
    const run = checkRun('wrong-secret');
    const view = viewOf(run);
    const notes = { ...view, setup: { ...view.setup, group_provisioning: 'users_and_groups' as const, groups_note: 'nur Vertrieb' } };
    const container = goLive(notes, run);
    expect(screen.getByTestId('switch-on-advice')).toHaveTextContent('Lassen Sie die Regel ausgeschaltet: Der letzte Test hat Probleme gefunden');
    expect(screen.getByTestId('after-groups-choice')).toHaveTextContent(
      'Dieses Setup synchronisiert Benutzer und Gruppen (Ihre Notiz: nur Vertrieb).',
    );
    expect(englishLeft(container, OWNED_ELSEWHERE)).toEqual([]);
  });

  it('after a passed test kept from before: the rule can be switched on', () => {
    const run = checkRun('ready');
    const view = viewOf(run);
    const kept = { ...view, setup: { ...view.setup, last_check: lastCheckOf(run, 1_800_000_000_000), group_provisioning: 'users_only' as const } };
    const container = goLive(kept, null);
    expect(screen.getByTestId('switch-on-advice').dataset.advice).toBe('ready');
    expect(screen.getByTestId('switch-on-advice')).toHaveTextContent('Die Regel kann eingeschaltet werden');
    expect(screen.getByTestId('after-groups-choice')).toHaveTextContent('Dieses Setup synchronisiert nur Benutzer');
    expect(englishLeft(container, OWNED_ELSEWHERE)).toEqual([]);
  });

  it('a language switch re-renders the Go live screen', async () => {
    showLanguage('en');
    goLive(viewOf(checkRun('ready')), null);
    expect(screen.getByTestId('switch-on-advice')).toHaveTextContent('Test first');
    showLanguage('de');
    await waitFor(() => expect(screen.getByTestId('switch-on-advice')).toHaveTextContent('Erst testen'));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Live schalten und in Betrieb halten');
  });
});

describe('switching the rule on, in German', () => {
  inGerman();

  it('asks once more, then names the rule it switched on', async () => {
    const view = viewOf(checkRun('ready'));
    backend(view, { pingone_switch_rule_on: () => ({ rule_name: 'Haiilo (acme.haiilo.app)' }) });
    const onswitched = vi.fn();
    const { container } = render(RuleSwitch, { session: new SetupSession(view), onswitched });
    expect(container).toHaveTextContent('Der eigene Verbindungstest von PingOne war erfolgreich');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('rule-switch-on'));
    expect(container).toHaveTextContent('Die Regel jetzt einschalten? PingOne beginnt dann, echte Benutzer zu provisionieren.');
    expect(screen.getByRole('button', { name: 'Nicht jetzt' })).toBeInTheDocument();
    expect(screen.getByTestId('rule-switch-confirm')).toHaveTextContent('Ja, einschalten');
    expect(englishLeft(container)).toEqual([]);
    await user.click(screen.getByTestId('rule-switch-confirm'));
    await waitFor(() => expect(screen.getByTestId('rule-switched')).toHaveTextContent('Die Regel „Haiilo (acme.haiilo.app)“ ist eingeschaltet'));
    await user.click(screen.getByRole('button', { name: 'Erneut testen' }));
    expect(onswitched).toHaveBeenCalled();
    expect(englishLeft(container)).toEqual([]);
  });
});

describe('changing the client pair, in German', () => {
  inGerman();

  it('says what is missing, walks the steps with Haiilo’s German menu path, and a refusal in German', async () => {
    const refused = checkRun('wrong-secret').report;
    const view = viewOf(checkRun('ready'), 'keychain');
    const calls = backend(view, {
      new_pair_state: () => ({ location: 'keychain', keychain_error: null }),
      test_new_pair: (): NewPairOutcome => ({ promoted: false, message: 'from Rust', report: refused, view }),
    });
    const session = new SetupSession(view);
    const { container } = render(SecretRotation, { session, ongo: vi.fn() });
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Das Haiilo-Secret ohne Ausfall wechseln');
    expect(screen.getByTestId('pair-in-use')).toHaveTextContent(`Jetzt in Gebrauch: Client ID ${view.setup.client_id}`);
    const path = [...container.querySelectorAll('.path .part')].map((p) => p.textContent);
    expect(path).toEqual(['Administration', 'Benutzerverzeichnisse', 'API-Clients', 'Erstellen']);
    expect(screen.getByLabelText('Neue Client ID')).toBeInTheDocument();
    await waitFor(() => expect(session.pendingSecret.location).toBe('keychain'));
    expect(screen.getByTestId('new-pair-missing')).toHaveTextContent('Für den Test fehlt noch die neue Client ID.');
    // PingOne's fields keep PingOne's names.
    const english = [...container.querySelectorAll('[lang="en"]')].map((el) => el.textContent);
    expect(english).toEqual(expect.arrayContaining(['Configure Authentication', 'OAuth Client ID', 'OAuth Client Secret', 'Sync summary']));
    expect(englishLeft(container, OWNED_ELSEWHERE)).toEqual([]);

    const user = userEvent.setup();
    await user.type(screen.getByTestId('new-client-id'), 'client-new-2');
    expect(screen.queryByTestId('new-pair-missing')).toBeNull();
    await user.click(screen.getByTestId('test-new-pair'));
    const result = await screen.findByTestId('new-pair-result');
    expect(calls).toContain('test_new_pair');
    expect(result).toHaveTextContent('Das alte Paar bleibt in Gebrauch');
    expect(within(result).getAllByTestId('new-pair-item')[0]).toHaveTextContent('Lösung:');
    expect(screen.getByTestId('rotation-to-phase2')).toHaveTextContent('Zu Phase 2');
    expect(screen.getByTestId('rotation-to-test')).toHaveTextContent('Zum Test');
    expect(englishLeft(container, OWNED_ELSEWHERE)).toEqual([]);
  });

  it('with neither the Client ID nor the secret, names both', () => {
    backend(viewOf(checkRun('ready'), 'keychain'));
    render(SecretRotation, { session: new SetupSession(viewOf(checkRun('ready'), 'keychain')), ongo: vi.fn() });
    expect(screen.getByTestId('new-pair-missing')).toHaveTextContent(
      'Für den Test fehlt noch die neue Client ID und das gespeicherte neue Client Secret.',
    );
  });
});
