// The start screen and the shared components in German: the German words a user sees and
// hears, no English outside what is English on purpose, and a switch of language while the
// screen is open words it again (relative times, dates and numbers in the new language's
// format).
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import type { StartView } from '../../src/lib/bindings/StartView';
import App from '../../src/App.svelte';
import CardCheck from '../../src/components/CardCheck.svelte';
import CheckAllSummary from '../../src/components/CheckAllSummary.svelte';
import CopyField from '../../src/components/CopyField.svelte';
import CopyStatus from '../../src/components/CopyStatus.svelte';
import DemoBadge from '../../src/components/DemoBadge.svelte';
import DocLink from '../../src/components/DocLink.svelte';
import ImportedNote from '../../src/components/ImportedNote.svelte';
import SaveStatus from '../../src/components/SaveStatus.svelte';
import SetupListTools from '../../src/components/SetupListTools.svelte';
import Stepper from '../../src/components/Stepper.svelte';
import Unconfirmed from '../../src/components/Unconfirmed.svelte';
import { CheckAll, checkAll, type SetupCheck } from '../../src/lib/check-all.svelte';
import { Copier } from '../../src/lib/copy.svelte';
import { DOCS } from '../../src/lib/docs';
import { PHASE1_STEPS } from '../../src/lib/guide';
import { language, localeTag, showLanguage } from '../../src/lib/i18n.svelte';
import { SetupSession, staleValues } from '../../src/lib/session.svelte';
import { countText, sortSetups } from '../../src/lib/setup-list';
import { checkRun, lastCheckOf, makeView, stepOf } from './fixtures';
import { englishLeft, inGerman } from './german';
import { renderStart, setupCard as card } from './start-screen';


// ---- the start screen's setups ----

const MINUTE = 60_000;
const PASS = () => checkRun('ready');
const FAIL = () => checkRun('wrong-secret');
const NOTICE =
  'Your saved setups could not be read (expected value at line 1). The file was kept as /home/a/setups.json.corrupt-1 and a new list was started.';

function setups(): SetupView[] {
  return [
    makeView(
      { id: 'a', name: 'Acme', domain: 'acme.haiilo.app', last_check: lastCheckOf(PASS(), Date.now() - 5 * MINUTE), updated_ms: 4 },
      'keychain',
    ),
    makeView({ id: 'b', name: 'Globex', domain: 'globex.haiilo.app', last_check: lastCheckOf(FAIL(), Date.now() - 3 * 60 * MINUTE), updated_ms: 3 }),
    makeView({ id: 'c', name: '', updated_ms: 2 }, 'none'),
    makeView({ id: 'demo', name: 'Demo-Tenant (lokale Übung)', domain: 'demo.haiilo.test', is_demo: true, updated_ms: 1 }, 'session'),
  ];
}


describe('Start in German', () => {
  inGerman();
  afterEach(() => checkAll.dismiss());

  it('without setups: what the assistant does, the four parts, and how to begin', async () => {
    const user = userEvent.setup();
    renderStart({ setups: [], notice: null });
    expect(await screen.findByRole('heading', { level: 1, name: 'PingOne mit Haiilo verbinden' })).toBeInTheDocument();
    expect(screen.getByTestId('screen-start')).toHaveTextContent('Dieser Assistent führt Sie durch die Provisionierung');
    const parts = within(screen.getByRole('list', { name: 'Ihre Schritte' })).getAllByRole('listitem');
    expect(parts.map((p) => p.querySelector('strong')?.textContent)).toEqual(['Haiilo', 'PingOne-Verbindung', 'PingOne-Regel', 'Test']);
    expect(parts[0]).toHaveTextContent('Legen Sie ein SCIM-Benutzerverzeichnis und einen API-Client an');
    // PingOne's name of the connection type stays as PingOne shows it, marked as English.
    const outbound = within(parts[1]).getByText('SCIM Outbound');
    expect(outbound).toHaveAttribute('lang', 'en');
    expect(parts[1]).toHaveTextContent('Fügen Sie eine Verbindung vom Typ SCIM Outbound hinzu');
    expect(screen.getByRole('region', { name: 'Ein Setup beginnen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Neues Setup' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Setup importieren…' })).toBeInTheDocument();
    const demo = screen.getByRole('button', { name: 'Mit dem Demo-Tenant ausprobieren' });
    expect(demo).toHaveAccessibleDescription(/Übungs-Tenant von Haiilo auf diesem Computer/);
    expect(englishLeft()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Neues Setup' }));
    const name = screen.getByRole('textbox', { name: 'Name des neuen Setups' });
    expect(name).toHaveAttribute('placeholder', 'Zum Beispiel der Kunde: Acme Corp');
    expect(name).toHaveAccessibleDescription('Meist der Kunde oder der Haiilo-Tenant. Sie können den Namen später ändern.');
    expect(screen.getByRole('button', { name: 'Setup anlegen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeInTheDocument();
    expect(englishLeft()).toEqual([]);
  });

  it('with setups: when and how each was tested, its phases and secret, and the buttons named for it', async () => {
    renderStart({ setups: setups(), notice: NOTICE });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));
    expect(screen.getByRole('heading', { level: 1, name: 'Ihre Setups' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Gespeicherte Setups' })).toBeInTheDocument();
    expect(screen.getByTestId('start-notice')).toHaveTextContent('Eine beschädigte Setup-Datei wurde beiseitegelegt');

    const acme = within(card('a')).getByTestId('setup-last-check');
    // A pass is worded in the language shown now, though Rust saved it in English.
    expect(acme).toHaveTextContent(`Zuletzt getestet: vor 5 Minuten · Bestanden: ${PASS().report.users!.total_results} Benutzer in Haiilo`);
    expect(within(acme).getByText(/^Zuletzt getestet/)).toHaveAttribute(
      'title',
      new Intl.DateTimeFormat('de-DE', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
        setups()[0].setup.last_check!.at_ms,
      ),
    );
    expect(within(card('b')).getByTestId('setup-last-check')).toHaveTextContent(
      `Zuletzt getestet: vor 3 Stunden · Fehlgeschlagen: ${stepOf(FAIL(), 'token').summary}`,
    );
    // A failure quotes Rust's words of that run, marked with their language.
    expect(within(card('b')).getByText(stepOf(FAIL(), 'token').summary)).toHaveAttribute('lang', 'en');
    expect(card('a')).toHaveTextContent('0 von 3 Phasen abgehakt · Secret im Schlüsselbund');
    expect(card('b')).toHaveTextContent('Kein Secret gespeichert');
    expect(card('c')).toHaveTextContent('Setup ohne Namen');
    expect(card('c')).toHaveTextContent('Noch keine Haiilo-Domain');
    expect(within(card('c')).getByTestId('setup-last-check')).toHaveTextContent('Noch nicht getestet');
    expect(card('demo')).toHaveTextContent('Lokaler Übungs-Tenant');
    expect(card('demo')).toHaveTextContent('Secret nur für diese Sitzung aufbewahrt');

    expect(within(card('a')).getByRole('button', { name: 'Acme öffnen' })).toHaveTextContent('Öffnen');
    expect(within(card('a')).getByRole('button', { name: 'Acme löschen' })).toHaveTextContent('Löschen');
    expect(within(card('a')).getByRole('button', { name: 'Acme in eine Datei exportieren' })).toHaveTextContent('Exportieren…');
    expect(within(card('c')).getByRole('button', { name: 'Setup ohne Namen öffnen' })).toBeInTheDocument();

    const tools = screen.getByRole('search', { name: 'Setup finden' });
    expect(within(tools).getByRole('searchbox', { name: 'Suche' })).toHaveAttribute('placeholder', 'Name, Domain oder Client ID');
    const sort = within(tools).getByRole('combobox', { name: 'Sortieren nach' });
    expect([...sort.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Zuletzt geändert',
      'Name',
      'Letztes Ergebnis, fehlerhafte zuerst',
    ]);
    expect(screen.getByTestId('setup-count')).toHaveTextContent('4 Setups');
    expect(screen.getByRole('button', { name: 'Alle prüfen' })).toBeInTheDocument();
    expect(englishLeft()).toEqual([]);
  });

  it('deleting asks first in German and says what was deleted', async () => {
    const user = userEvent.setup();
    const { calls } = renderStart({ setups: setups(), notice: null });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));
    await user.click(within(card('a')).getByRole('button', { name: 'Acme löschen' }));
    const confirm = within(card('a')).getByRole('group', { name: 'Löschen bestätigen' });
    expect(confirm).toHaveTextContent(
      '„Acme“ löschen? Seine Werte und sein gespeichertes Client Secret werden von diesem Computer entfernt. In Haiilo und PingOne ändert sich nichts.',
    );
    expect(within(confirm).getByRole('button', { name: 'Behalten' })).toHaveFocus();
    expect(englishLeft()).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Setup löschen' }));
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(3));
    expect(calls.filter((c) => c.cmd === 'delete_setup')).toEqual([{ cmd: 'delete_setup', args: { id: 'a' } }]);
    const said = screen.getAllByRole('status').find((s) => s.textContent?.includes('gelöscht'));
    expect(said).toHaveTextContent('„Acme“ gelöscht.');
    expect(screen.getByTestId('setup-count')).toHaveTextContent('3 Setups');
    expect(englishLeft()).toEqual([]);
  });

  it('a search without a match says so in German, and the count says how many of how many', async () => {
    const user = userEvent.setup();
    renderStart({ setups: setups(), notice: null });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));
    const search = screen.getByRole('searchbox', { name: 'Suche' });
    await user.click(search);
    await user.paste('globex');
    expect(screen.getAllByTestId('setup-card')).toHaveLength(1);
    expect(screen.getByTestId('setup-count')).toHaveTextContent('1 von 4 Setups');

    await user.tripleClick(search);
    await user.paste('initech');
    expect(screen.queryByTestId('setup-card')).not.toBeInTheDocument();
    expect(screen.getByTestId('setup-search-empty')).toHaveTextContent(
      'Kein Setup passt zu „initech“. Die Suche durchsucht Namen, Domains und Client IDs.',
    );
    expect(screen.getByTestId('setup-count')).toHaveTextContent('0 von 4 Setups');
    expect(englishLeft()).toEqual([]);
  });

  it('Check all: progress, then what broke, what was fixed and the totals, in German', async () => {
    const user = userEvent.setup();
    const views = [
      makeView({ id: 'a', name: 'Acme', domain: 'acme.haiilo.app', last_check: lastCheckOf(PASS(), 1_800_000_000_000) }, 'keychain'),
      makeView({ id: 'b', name: 'Bravo', domain: 'bravo.haiilo.app', last_check: lastCheckOf(FAIL(), 1_800_000_000_000) }, 'keychain'),
      makeView({ id: 'c', name: 'Contoso', domain: 'contoso.haiilo.app', last_check: lastCheckOf(PASS(), 1_800_000_000_000) }),
      makeView({ id: 'd', name: '', domain: '', last_check: null }, 'keychain'),
    ];
    // Every run waits until the test lets them all answer, so the progress can be seen.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const outcome: Record<string, () => unknown> = {
      a: () => FAIL().report,
      b: () => PASS().report,
      c: () => {
        throw { code: 'secret_missing', message: 'Store the Client Secret in Phase 1 before testing the connection.' };
      },
      d: () => {
        throw { code: 'empty', message: 'Enter your Haiilo domain, for example acme.haiilo.app.' };
      },
    };
    renderStart({ setups: views, notice: null }, (cmd, args) => {
      if (cmd === 'run_check') return gate.then(() => outcome[args.id as string]());
    });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));

    await user.click(screen.getByRole('button', { name: 'Alle prüfen' }));
    const summary = await screen.findByTestId('check-all-summary');
    expect(within(summary).getByRole('heading', { name: 'Alle Setups werden geprüft…' })).toBeInTheDocument();
    expect(screen.getByTestId('check-all-progress')).toHaveTextContent('0 von 4 Setups getestet');
    expect(screen.getByTestId('check-all')).toHaveTextContent('Alle werden geprüft…');
    expect(within(card('a')).getByTestId('card-check')).toHaveTextContent('Test läuft: 0 von');
    expect(englishLeft()).toEqual([]);

    release();
    await waitFor(() => expect(within(summary).getByRole('heading', { name: 'Alle prüfen: Ergebnisse' })).toBeInTheDocument());
    expect(screen.getByTestId('check-all-broke')).toHaveTextContent('1 Setup seit dem letzten Test ausgefallen');
    expect(within(screen.getByTestId('check-all-broke')).getByRole('button', { name: 'Acme öffnen' })).toBeInTheDocument();
    expect(screen.getByTestId('check-all-fixed')).toHaveTextContent('1 Setup seit dem letzten Test behoben');
    expect(screen.getByTestId('check-all-totals')).toHaveTextContent(
      '1 bestanden · 1 fehlgeschlagen · 1 nicht getestet: Secret fehlt · 1 konnten nicht getestet werden',
    );
    const said = within(summary).getByRole('status');
    expect(said).toHaveTextContent(
      'Alle geprüft: 1 Setup ausgefallen, 1 Setup behoben, 1 bestanden, 1 fehlgeschlagen, 1 ohne gespeichertes Secret.',
    );
    expect(within(card('a')).getByTestId('card-check-result')).toHaveTextContent('Seit dem letzten Test ausgefallen');
    expect(within(card('b')).getByTestId('card-check-result')).toHaveTextContent('Seit dem letzten Test behoben');
    expect(within(card('c')).getByTestId('card-check-result')).toHaveTextContent('Secret fehlt: nicht getestet');
    expect(card('c')).toHaveTextContent('Speichern Sie sein Client Secret auf diesem Computer, um es einzubeziehen.');
    expect(within(card('d')).getByTestId('card-check-result')).toHaveTextContent('Nicht getestet');
    expect(within(summary).getByRole('button', { name: 'Schließen' })).toBeInTheDocument();
    expect(englishLeft()).toEqual([]);
  });

  it('export and import: where the file went, and why a file was refused, in German', async () => {
    const user = userEvent.setup();
    const refusals = [
      { code: 'not_a_setup_file', message: 'report.pdf is not a setup file of the Haiilo SCIM Setup Assistant.' },
      { code: 'newer_format', message: 'acme.json was made by a newer version. Update the app on this computer.' },
      { code: 'damaged_file', message: 'acme.json is a setup file, but it is damaged (EOF while parsing).' },
      { code: 'file_too_large', message: 'big.json is 40 MB; a setup file is a few kilobytes.' },
      { code: 'read_failed', message: 'acme.json could not be read (permission denied).' },
    ];
    renderStart({ setups: setups(), notice: null }, (cmd) => {
      if (cmd === 'export_setup') return '/home/admin/acme.haiilo-setup.json';
      if (cmd === 'import_setup') throw refusals.shift();
    });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));
    await user.click(within(card('a')).getByRole('button', { name: 'Acme in eine Datei exportieren' }));
    const status = await within(card('a')).findByTestId('export-status');
    expect(status).toHaveTextContent('Exportiert nach /home/admin/acme.haiilo-setup.json, ohne das Client Secret.');
    expect(englishLeft()).toEqual([]);

    for (const headline of [
      'Dies ist keine Setup-Datei',
      'Diese Setup-Datei stammt aus einer neueren Version der App',
      'Diese Setup-Datei ist beschädigt',
      'Diese Datei ist zu groß für eine Setup-Datei',
      'Das Setup konnte nicht importiert werden',
    ]) {
      await user.click(screen.getByRole('button', { name: 'Setup importieren…' }));
      await waitFor(() => expect(screen.getByTestId('import-error').querySelector('strong')).toHaveTextContent(headline));
      expect(englishLeft()).toEqual([]);
    }
  });

  it('while loading, and when the setups cannot be loaded: the status, the reason and the retry in German', async () => {
    const user = userEvent.setup();
    let answer: (view: StartView) => void = () => undefined;
    let attempts = 0;
    renderStart({ setups: [], notice: null }, (cmd) => {
      if (cmd !== 'list_setups') return undefined;
      attempts += 1;
      // The first answer comes a moment later, and is a refusal.
      if (attempts === 1) {
        return new Promise<StartView>((_, reject) =>
          setTimeout(() => reject({ code: 'io', message: 'The setups file could not be read: permission denied' }), 30),
        );
      }
      return new Promise<StartView>((resolve) => (answer = resolve));
    });
    expect(screen.getByRole('status')).toHaveTextContent('Ihre Setups werden geladen…');
    expect(englishLeft()).toEqual([]);
    const failure = await screen.findByRole('alert');
    expect(failure).toHaveTextContent('Ihre gespeicherten Setups konnten nicht geladen werden');
    expect(failure).toHaveTextContent('permission denied');
    expect(englishLeft()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Erneut versuchen' }));
    expect(screen.getByRole('button', { name: 'Neuer Versuch…' })).toBeDisabled();
    answer({ setups: setups(), notice: null });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));
  });

  it('the demo that cannot start and a name Rust refuses: German around Rust’s reason', async () => {
    const user = userEvent.setup();
    renderStart({ setups: [], notice: null }, (cmd) => {
      if (cmd === 'start_demo') throw { code: 'demo_failed', message: 'The practice tenant could not start: port in use.' };
      if (cmd === 'create_setup') throw { code: 'name_has_secret', message: 'The name holds a stored Client Secret.' };
    });
    await user.click(await screen.findByRole('button', { name: 'Mit dem Demo-Tenant ausprobieren' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('port in use');
    await user.click(screen.getByRole('button', { name: 'Neues Setup' }));
    await user.type(screen.getByRole('textbox', { name: 'Name des neuen Setups' }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Setup anlegen' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Name des neuen Setups' })).toHaveAttribute('aria-invalid', 'true'));
    expect(englishLeft()).toEqual([]);
  });

  it('the note above the secret of an imported setup', () => {
    render(ImportedNote);
    const note = screen.getByRole('note');
    expect(note).toHaveTextContent('Ohne sein Client Secret importiert');
    expect(note).toHaveTextContent('Setup-Dateien enthalten nie das Secret.');
    expect(note).toHaveTextContent('legen Sie im Haiilo-Benutzerverzeichnis ein neues API-Client-Paar an');
    expect(englishLeft()).toEqual([]);
  });
});

describe('Switching the language with the start screen open', () => {
  afterEach(() => showLanguage('en'));

  it('words the whole screen again, relative times, dates and counts included, both ways', async () => {
    const user = userEvent.setup();
    const views = setups();
    const chosen: string[] = [];
    mockIPC((cmd, raw) => {
      const args = (raw ?? {}) as Record<string, unknown>;
      if (cmd === 'list_setups') return { setups: views, notice: null };
      if (cmd === 'set_language') {
        chosen.push(args.lang as string);
        return { lang: args.lang, system: 'en', chosen: true };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(4));
    const lastCheck = () => within(card('a')).getByTestId('setup-last-check');
    const when = () => lastCheck().querySelector('span[title]');
    const atMs = views[0].setup.last_check!.at_ms;
    const dateIn = (tag: string) =>
      new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(atMs);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Your setups');
    expect(lastCheck()).toHaveTextContent('Tested 5 minutes ago · Passed');
    expect(when()).toHaveAttribute('title', dateIn('en-GB'));
    expect(screen.getByTestId('setup-count')).toHaveTextContent('4 setups');

    await user.selectOptions(screen.getByTestId('language'), 'de');
    expect(chosen).toEqual(['de']);
    expect(document.documentElement.lang).toBe('de');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Ihre Setups');
    expect(lastCheck()).toHaveTextContent('Zuletzt getestet: vor 5 Minuten · Bestanden');
    expect(when()).toHaveAttribute('title', dateIn('de-DE'));
    expect(dateIn('de-DE')).not.toBe(dateIn('en-GB'));
    expect(within(card('b')).getByTestId('setup-last-check')).toHaveTextContent('vor 3 Stunden');
    expect(screen.getByTestId('setup-count')).toHaveTextContent('4 Setups');
    expect(card('a')).toHaveTextContent('0 von 3 Phasen abgehakt');
    expect(screen.getByRole('combobox', { name: 'Sortieren nach' })).toHaveDisplayValue('Zuletzt geändert');
    expect(englishLeft(screen.getByTestId('screen-start'))).toEqual([]);

    await user.selectOptions(screen.getByTestId('language'), 'en');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Your setups');
    expect(lastCheck()).toHaveTextContent('Tested 5 minutes ago · Passed');
    expect(when()).toHaveAttribute('title', dateIn('en-GB'));
    expect(chosen).toEqual(['de', 'en']);
  });

  it('the counts of the list tools and of Check all follow the switch with the language’s digit grouping', async () => {
    // The numbers as the start screen passes them with 12,345 setups, without rendering that
    // many cards (jsdom takes seconds per hundred).
    const run = new CheckAll();
    const checks: SetupCheck[] = Array.from({ length: 12_345 }, (_, i) => ({
      id: `s${i}`,
      name: `Customer ${i}`,
      state: i < 1_234 ? 'failed' : 'passed',
      done: 1,
      total: 1,
      previousOk: null,
      summary: '',
      error: null,
    }));
    run.order = checks.map((c) => c.id);
    run.checks = Object.fromEntries(checks.map((c) => [c.id, c]));
    run.finished = true;
    render(SetupListTools, { query: 'customer 1', order: 'changed', shown: 1_111, total: 12_345, checking: false, oncheckall: vi.fn() });
    render(CheckAllSummary, { run, onopen: vi.fn() });
    expect(screen.getByTestId('setup-count')).toHaveTextContent('1,111 of 12,345 setups');
    expect(screen.getByTestId('check-all-totals')).toHaveTextContent('11,111 passed · 1,234 failed');

    showLanguage('de');
    await waitFor(() => expect(screen.getByTestId('setup-count')).toHaveTextContent('1.111 von 12.345 Setups'));
    expect(screen.getByTestId('check-all-totals')).toHaveTextContent('11.111 bestanden · 1.234 fehlgeschlagen');
    expect(screen.getByRole('button', { name: 'Alle prüfen' })).toBeInTheDocument();
    expect(englishLeft()).toEqual([]);
  });
});

describe('setup-list in the UI language', () => {
  afterEach(() => showLanguage('en'));

  it('counts with the language’s digit grouping and nouns', () => {
    expect(countText(1, 1)).toBe('1 setup');
    expect(countText(12, 1_200)).toBe('12 of 1,200 setups');
    showLanguage('de');
    expect(countText(1, 1)).toBe('1 Setup');
    expect(countText(12, 1_200)).toBe('12 von 1.200 Setups');
  });

  it('sorts names with the collator of the language shown', () => {
    const names = ['Zeta', 'Österreich AG', 'Omega', 'acme 10', 'Acme 9'];
    const views = names.map((name, i) => makeView({ id: `n${i}`, name }));
    showLanguage('de');
    expect(localeTag()).toBe('de-DE');
    const expected = [...names].sort(new Intl.Collator('de-DE', { sensitivity: 'base', numeric: true }).compare);
    expect(sortSetups(views, 'name').map((v) => v.setup.name)).toEqual(expected);
    // German puts Ö with O, numbers by value.
    expect(expected).toEqual(['Acme 9', 'acme 10', 'Omega', 'Österreich AG', 'Zeta']);
  });
});

describe('Shared components in German', () => {
  inGerman();

  it('the stepper: phase states and step counts', () => {
    mockIPC(() => null);
    const view = makeView({ domain: 'acme.haiilo.app', done_steps: [PHASE1_STEPS[0].id], last_check: lastCheckOf(FAIL(), Date.now()) });
    const session = new SetupSession(view);
    render(Stepper, { current: 'phase1', session, onnavigate: vi.fn() });
    expect(screen.getByRole('navigation', { name: 'Setup-Phasen' })).toBeInTheDocument();
    expect(screen.getByTestId('stepper-phase1')).toHaveTextContent(`1 von ${PHASE1_STEPS.length} Schritten`);
    expect(screen.getByTestId('stepper-test')).toHaveTextContent('Probleme gefunden');
    expect(screen.getByTestId('stepper-after')).toHaveTextContent('Regel noch aus');
    expect(englishLeft()).toEqual([]);
  });

  it('the save status: a failed save, in German, with Rust’s reason', async () => {
    mockIPC((cmd) => {
      if (cmd === 'save_setup') throw { code: 'write_failed', message: 'The disk is full.' };
      throw new Error(`unexpected ${cmd}`);
    });
    const session = new SetupSession(makeView({ domain: 'acme.haiilo.app' }));
    render(SaveStatus, { session });
    expect(screen.getByTestId('save-status')).toHaveTextContent('Alle Änderungen gespeichert');
    session.update({ name: 'Acme GmbH' }, 0);
    await waitFor(() => expect(screen.getByTestId('save-status')).toHaveTextContent('Nicht gespeichert: The disk is full.'));
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Nicht gespeichert: The disk is full.');
    expect(englishLeft(screen.getByTestId('save-status'))).toEqual([]);
  });

  it('the demo badge, a documentation link and the not-confirmed mark', () => {
    render(DemoBadge);
    render(DocLink, { doc: DOCS.haiiloScim });
    render(Unconfirmed, { what: 'dass Haiilo die Gruppen in dieser Reihenfolge anlegt' });
    expect(screen.getByTestId('demo-badge')).toHaveTextContent('Lokaler Übungs-Tenant – PingOne kann diese URLs nicht erreichen');
    const link = screen.getByTestId('doc-link');
    expect(link).toHaveTextContent('Haiilo: User directory: SCIM (öffnet sich in Ihrem Browser)');
    // The page is English: its title is marked so.
    expect(within(link).getByText('User directory: SCIM')).toHaveAttribute('lang', 'en');
    const mark = screen.getByTestId('unconfirmed');
    expect(mark).toHaveTextContent('nicht bestätigt durch öffentliche Dokumentation: dass Haiilo die Gruppen');
    expect(mark).toHaveAttribute('title', expect.stringMatching(/^Nicht durch öffentliche Dokumentation von PingOne oder Haiilo bestätigt: /));
    expect(englishLeft()).toEqual([]);
  });

  it('a card’s Check all line while it runs and when it could not be tested', () => {
    const base: SetupCheck = { id: 'x', name: 'X', state: 'waiting', done: 0, total: 12, previousOk: true, summary: '', error: null };
    render(CardCheck, { check: base });
    render(CardCheck, { check: { ...base, id: 'y', state: 'running', done: 3 } });
    render(CardCheck, { check: { ...base, id: 'z', state: 'passed', done: 12 } });
    render(CardCheck, { check: { ...base, id: 'w', state: 'failed', done: 12, previousOk: false } });
    const lines = screen.getAllByTestId('card-check');
    expect(lines[0]).toHaveTextContent('Wartet auf den Test…');
    expect(lines[1]).toHaveTextContent('Test läuft: 3 von 12 Schritten');
    expect(lines[2]).toHaveTextContent('Wieder bestanden');
    expect(lines[3]).toHaveTextContent('Weiterhin fehlgeschlagen');
    expect(englishLeft()).toEqual([]);
  });

  it('a copy button and its confirmation quote PingOne’s label, and follow a switch of language', async () => {
    const user = userEvent.setup();
    mockIPC((cmd) => {
      if (cmd === 'copy_text') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    const copier = new Copier();
    render(CopyField, { label: 'SCIM BASE URL', value: 'https://acme.haiilo.app/api/scim/v2', copier });
    render(CopyStatus, { copier });
    const button = screen.getByRole('button', { name: '„SCIM BASE URL“ kopieren' });
    expect(button).toHaveTextContent('Kopieren');
    await user.click(button);
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('„SCIM BASE URL“ kopiert.'));
    expect(button).toHaveTextContent('Kopiert');
    expect(englishLeft()).toEqual([]);

    showLanguage('en');
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('Copied SCIM BASE URL.'));
    expect(screen.getByRole('button', { name: 'Copy SCIM BASE URL' })).toHaveTextContent('Copied');
    copier.dispose();
  });

  it('a name given as a phrase starts the German sentence, and follows a switch when given as a function', async () => {
    mockIPC((cmd) => {
      if (cmd === 'copy_text') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    const copier = new Copier();
    render(CopyStatus, { copier });
    const names = { en: 'all values (without the secret)', de: 'alle Werte (ohne das Secret)' };
    await copier.copyText(() => names[language.current], 'SCIM BASE URL\thttps://acme.haiilo.app/api/scim/v2', 'all');
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('Alle Werte (ohne das Secret) kopiert.'));
    expect(englishLeft()).toEqual([]);
    showLanguage('en');
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('Copied all values (without the secret).'));
    copier.dispose();
  });

  it('the copy of the secret, and its refusal, in German', async () => {
    const answers: unknown[] = [45, { code: 'secret_missing', message: 'No secret.' }];
    mockIPC((cmd) => {
      if (cmd !== 'copy_secret') throw new Error(`unexpected ${cmd}`);
      const answer = answers.shift();
      if (typeof answer === 'number') return answer;
      throw answer;
    });
    const copier = new Copier();
    render(CopyStatus, { copier });
    expect(await copier.copySecret('a')).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId('copy-status')).toHaveTextContent(
        '„OAuth Client Secret“ kopiert. Die Zwischenablage wird in 45 Sekunden geleert; fügen Sie es jetzt in PingOne ein.',
      ),
    );
    expect(englishLeft()).toEqual([]);
    expect(await copier.copySecret('a')).toBe('secret_missing');
    await waitFor(() =>
      expect(screen.getByTestId('copy-status')).toHaveTextContent(
        'Für dieses Setup ist noch kein Client Secret gespeichert. Speichern Sie es zuerst in Phase 1.',
      ),
    );
    expect(englishLeft()).toEqual([]);
    copier.dispose();
  });

  it('the names of values a shown result was obtained with', () => {
    const report = PASS().report;
    const changed = staleValues(report, null, 'another-client');
    expect(language.current).toBe('de');
    expect(changed.map((v) => v.label)).toEqual(['SCIM-Basis-URL', 'Token-URL', 'Client ID']);
  });
});
