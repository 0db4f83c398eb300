// Check all (every setup tested, a few at a time, broke/fixed at the top), and export and
// import on the start screen.
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckEvent } from '../../src/lib/bindings/CheckEvent';
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import { LADDER } from '../../src/lib/bindings/ladder';
import { CheckAll, changeOf, checkAll, type SetupCheck } from '../../src/lib/check-all.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import Phase1 from '../../src/screens/Phase1.svelte';
import Start from '../../src/screens/Start.svelte';
import { checkRun, lastCheckOf, makeView, stepOf } from './fixtures';
import { setupCard as card } from './start-screen';

const PASS = () => checkRun('ready');
const FAIL = () => checkRun('wrong-secret');
const passed = lastCheckOf(PASS(), 1_800_000_000_000);
const failed = lastCheckOf(FAIL(), 1_800_000_000_000);

type Outcome = 'pass' | 'fail' | { code: string; message: string };

/**
 * A run_check that answers only when the test says so, so that the test sees what is in
 * flight. Each call streams the generated run's step_finished events before it answers.
 */
function controlledRuns() {
  const pending: { id: string; channel: number; next: number; answer: (outcome: Outcome) => void }[] = [];
  let inFlight = 0;
  let answered = 0;
  let maxInFlight = 0;
  const started: string[] = [];
  const handler = (args: Record<string, unknown>) => {
    const id = args.id as string;
    const channel = (args.onEvent as { id: number }).id;
    started.push(id);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<CheckReport>((resolve, reject) => {
      const call = {
        id,
        channel,
        // The Channel delivers messages by index, in order.
        next: 0,
        answer: (outcome: Outcome) => {
          inFlight -= 1;
          answered += 1;
          if (typeof outcome === 'object') return reject(outcome);
          const run = outcome === 'pass' ? PASS() : FAIL();
          run.events.forEach((message) => window.__TAURI_INTERNALS__.runCallback(channel, { index: call.next++, message }));
          resolve(run.report);
        },
      };
      pending.push(call);
    });
  };
  return {
    handler,
    pending,
    started,
    get maxInFlight() {
      return maxInFlight;
    },
    get answered() {
      return answered;
    },
    send(id: string, events: CheckEvent[]) {
      const call = pending.find((p) => p.id === id)!;
      events.forEach((message) => window.__TAURI_INTERNALS__.runCallback(call.channel, { index: call.next++, message }));
    },
    /** Answers the oldest pending call of `id`. */
    answer(id: string, outcome: Outcome) {
      const index = pending.findIndex((p) => p.id === id);
      const [call] = pending.splice(index, 1);
      call.answer(outcome);
    },
  };
}

afterEach(() => checkAll.dismiss());

describe('Check all on the start screen', () => {
  // Previous result → what the run now finds.
  const plan: [string, string, SetupView['setup']['last_check'], Outcome][] = [
    ['a', 'Acme', passed, 'fail'], // broke
    ['b', 'Bravo', failed, 'pass'], // fixed
    ['c', 'Contoso', passed, 'pass'],
    ['d', 'Dunder', failed, 'fail'],
    ['e', 'Evil Corp', null, 'fail'],
    ['f', 'Fabrikam', passed, { code: 'secret_missing', message: 'Store the Client Secret in Phase 1 before testing the connection.' }],
    ['g', 'Globex', passed, { code: 'empty', message: 'Enter your Haiilo domain, for example acme.haiilo.app.' }],
  ];

  function renderWith(runs: ReturnType<typeof controlledRuns>) {
    const views = plan.map(([id, name, last_check], i) =>
      makeView({ id, name, domain: `${id}.haiilo.app`, last_check, updated_ms: 2_000_000_000_000 - i }, 'keychain'),
    );
    const listed: string[] = [];
    mockIPC((cmd, raw) => {
      const args = (raw ?? {}) as Record<string, unknown>;
      if (cmd === 'list_setups') {
        listed.push(cmd);
        return { setups: views, notice: null };
      }
      if (cmd === 'run_check') return runs.handler(args);
      throw new Error(`unexpected ${cmd}`);
    });
    const onopen = vi.fn();
    render(Start, { onopen });
    return { listed, onopen, views };
  }


  it('tests at most four at once, shows each card’s progress, and puts what broke and what was fixed on top', async () => {
    const user = userEvent.setup();
    const runs = controlledRuns();
    const { listed, onopen } = renderWith(runs);
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(plan.length));

    await user.click(screen.getByTestId('check-all'));
    await waitFor(() => expect(runs.pending).toHaveLength(4));
    expect(runs.started).toEqual(['a', 'b', 'c', 'd']);
    expect(screen.getByTestId('check-all')).toBeDisabled();
    expect(screen.getByTestId('check-all-progress')).toHaveTextContent(`0 of ${plan.length} setups tested`);
    expect(within(card('e')).getByTestId('card-check')).toHaveTextContent('Waiting to be tested');

    // A card follows its own run step by step.
    const finishedEvents = PASS().events.filter((e) => e.event === 'step_finished').slice(0, 3);
    runs.send('a', finishedEvents);
    await waitFor(() =>
      expect(within(card('a')).getByTestId('card-check')).toHaveTextContent(`Testing: 3 of ${LADDER.length} steps`),
    );
    expect(within(card('a')).getByRole('progressbar')).toHaveAttribute('value', '3');

    // One answered: the next setup starts, never a fifth at once.
    runs.answer('c', 'pass');
    await waitFor(() => expect(runs.started).toContain('e'));
    const outcomeOf = Object.fromEntries(plan.map(([id, , , outcome]) => [id, outcome]));
    while (runs.answered < plan.length) {
      await waitFor(() => expect(runs.pending.length).toBeGreaterThan(0));
      for (const call of [...runs.pending]) runs.answer(call.id, outcomeOf[call.id]);
    }
    await waitFor(() => expect(screen.getByTestId('check-all-summary')).toHaveTextContent('Check all: results'));
    expect(runs.maxInFlight).toBe(4);
    expect(runs.started.sort()).toEqual(plan.map(([id]) => id).sort());

    // On top: Acme broke (with why), Bravo was fixed; nothing else is listed as a change.
    const broke = screen.getByTestId('broke-list');
    expect(within(broke).getAllByRole('listitem')).toHaveLength(1);
    expect(broke).toHaveTextContent('Acme');
    expect(broke).toHaveTextContent(stepOf(FAIL(), 'token').summary);
    expect(screen.getByTestId('check-all-broke')).toHaveTextContent('1 setup broke since the last test');
    expect(within(screen.getByTestId('fixed-list')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByTestId('fixed-list')).toHaveTextContent('Bravo');
    // The summary comes before the list of setups.
    const summary = screen.getByTestId('check-all-summary');
    expect(summary.compareDocumentPosition(card('a')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByTestId('check-all-totals')).toHaveTextContent(
      '2 passed · 3 failed · 1 not tested: secret missing · 1 could not be tested',
    );
    expect(document.body).toHaveTextContent('Check all finished: 1 setup broke, 1 setup fixed');

    // Each card says what happened to it; a missing secret is not a failure.
    const result = (id: string) => within(card(id)).getByTestId('card-check');
    expect(result('a')).toHaveAttribute('data-change', 'broke');
    expect(result('a')).toHaveTextContent('Broke since the last test');
    expect(result('b')).toHaveTextContent('Fixed since the last test');
    expect(result('c')).toHaveTextContent('Passed again');
    expect(result('d')).toHaveTextContent('Still failing');
    expect(result('e')).toHaveTextContent('Failed');
    expect(result('f')).toHaveTextContent('Secret missing: not tested');
    expect(result('f')).toHaveAttribute('data-change', '');
    expect(result('g')).toHaveTextContent('Not tested');
    expect(result('g')).toHaveTextContent('Enter your Haiilo domain');

    // The cards are read again afterwards, to show the results as Rust saved them.
    expect(listed.length).toBe(2);
    expect(screen.getByTestId('check-all')).toBeEnabled();

    // The broken setup opens from the summary.
    await user.click(within(broke).getByRole('button', { name: 'Open Acme' }));
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ setup: expect.objectContaining({ id: 'a' }) }), 'phase1');

    await user.click(screen.getByTestId('check-all-dismiss'));
    expect(screen.queryByTestId('check-all-summary')).not.toBeInTheDocument();
    expect(screen.queryAllByTestId('card-check')).toHaveLength(0);
  }, 60_000);

  it('a setup opened after Check all shows the run it had', async () => {
    const runs = controlledRuns();
    const { views } = renderWith(runs);
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(plan.length));
    const done = checkAll.run(views.slice(0, 1));
    await waitFor(() => expect(runs.pending).toHaveLength(1));
    runs.answer('a', 'fail');
    await done;
    const session = new SetupSession(views[0]);
    expect(session.check.report?.ok).toBe(false);
    expect(session.check.steps.find((s) => s.id === 'token')?.status).toBe('fail');
  });
});

describe('CheckAll', () => {
  const entry = (previousOk: boolean | null, state: SetupCheck['state']): SetupCheck => ({
    id: 'x',
    name: 'X',
    state,
    done: 0,
    total: 1,
    previousOk,
    summary: '',
    error: null,
  });

  it('broke means passed before and fails now; fixed the other way round; nothing else counts', () => {
    expect(changeOf(entry(true, 'failed'))).toBe('broke');
    expect(changeOf(entry(false, 'passed'))).toBe('fixed');
    expect(changeOf(entry(null, 'failed'))).toBeNull();
    expect(changeOf(entry(true, 'passed'))).toBeNull();
    expect(changeOf(entry(false, 'failed'))).toBeNull();
    expect(changeOf(entry(true, 'secret_missing'))).toBeNull();
    expect(changeOf(entry(true, 'not_tested'))).toBeNull();
  });

  it('tests all of 200 setups, never more than four at once', async () => {
    let inFlight = 0;
    let most = 0;
    const tested: string[] = [];
    mockIPC(async (cmd, raw) => {
      if (cmd !== 'run_check') throw new Error(`unexpected ${cmd}`);
      const id = (raw as { id: string }).id;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      tested.push(id);
      return PASS().report;
    });
    const views = Array.from({ length: 200 }, (_, i) => makeView({ id: `s${i}`, name: `Customer ${i}`, last_check: passed }));
    const run = new CheckAll();
    await run.run(views);
    expect(tested).toHaveLength(200);
    expect(new Set(tested).size).toBe(200);
    expect(most).toBe(4);
    expect(run.count('passed')).toBe(200);
    expect(run.broke).toEqual([]);
    expect(run.finished).toBe(true);
  });
});

describe('Export and import on the start screen', () => {
  function renderStart(handler: (cmd: string, args: Record<string, unknown>) => unknown) {
    const views = [
      makeView({ id: 'a', name: 'Acme', domain: 'acme.haiilo.app' }, 'keychain'),
      makeView({ id: 'demo', name: 'Demo tenant (local practice)', is_demo: true }, 'session'),
    ];
    const calls: { cmd: string; args: Record<string, unknown> }[] = [];
    mockIPC((cmd, raw) => {
      const args = (raw ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      if (cmd === 'list_setups') return { setups: views, notice: null };
      return handler(cmd, args);
    });
    const onopen = vi.fn();
    render(Start, { onopen });
    return { calls, onopen };
  }

  it('exports a setup and says where, without the secret; the demo has no Export', async () => {
    const user = userEvent.setup();
    const { calls } = renderStart((cmd) => (cmd === 'export_setup' ? '/home/admin/acme.haiilo-setup.json' : undefined));
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(2));
    expect(within(card('demo')).queryByTestId('setup-export')).not.toBeInTheDocument();
    await user.click(within(card('a')).getByRole('button', { name: 'Export Acme to a file' }));
    expect(await within(card('a')).findByTestId('export-status')).toHaveTextContent(
      'Exported to /home/admin/acme.haiilo-setup.json, without the Client Secret.',
    );
    expect(calls.filter((c) => c.cmd === 'export_setup')).toEqual([{ cmd: 'export_setup', args: { id: 'a' } }]);
  });

  it('an export Rust refuses shows why on the card', async () => {
    const user = userEvent.setup();
    renderStart((cmd) => {
      if (cmd === 'export_setup') {
        throw { code: 'secret_in_setup', message: 'The setup’s Client Secret is typed into its name. Remove it from there.' };
      }
    });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(2));
    await user.click(within(card('a')).getByTestId('setup-export'));
    const status = await within(card('a')).findByTestId('export-status');
    expect(status).toHaveAttribute('role', 'alert');
    expect(status).toHaveTextContent('typed into its name');
  });

  it('an imported setup with PingOne access says the worker app’s secret is asked for in Phase 2', async () => {
    const user = userEvent.setup();
    const pingone = { region: 'eu', environment_id: 'abcd1234-5678-90ab-cdef-1234567890ab', worker_client_id: 'worker-0c1d', auth_url: '', api_url: '' };
    const imported = makeView({ id: 'new-p1', name: 'Acme (3)', domain: 'acme.haiilo.app', client_id: 'client-7', pingone }, 'none');
    const { onopen } = renderStart((cmd) => {
      if (cmd === 'import_setup') return imported;
      if (cmd === 'preview_endpoints') return { endpoints: imported.endpoints, error: null };
      throw new Error(`unexpected ${cmd}`);
    });
    await user.click(await screen.findByTestId('import-setup'));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(imported, 'phase1'));
    render(Phase1, { session: new SetupSession(imported), ongo: vi.fn() });
    expect(await screen.findByTestId('imported-note-pingone')).toHaveTextContent('enter it in Phase 2, under PingOne access');
  });

  it('an imported setup opens in Phase 1 at its secret field, with a note', async () => {
    const user = userEvent.setup();
    const imported = makeView({ id: 'new', name: 'Acme (2)', domain: 'acme.haiilo.app', client_id: 'client-7' }, 'none');
    const { onopen } = renderStart((cmd, args) => {
      if (cmd === 'import_setup') return imported;
      if (cmd === 'preview_endpoints') return { endpoints: imported.endpoints, error: null };
      if (cmd === 'store_secret') return { location: 'keychain', keychain_error: null };
      throw new Error(`unexpected ${cmd} ${JSON.stringify(args)}`);
    });
    await user.click(await screen.findByTestId('import-setup'));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(imported, 'phase1'));

    // What App does with it: a session on the imported setup, Phase 1.
    const session = new SetupSession(imported);
    expect(session.imported).toBe(true);
    render(Phase1, { session, ongo: vi.fn() });
    const secret = await screen.findByTestId('secret-input');
    await waitFor(() => expect(secret).toHaveFocus());
    expect(screen.getByTestId('imported-note')).toHaveTextContent('Imported without its Client Secret');
    expect(screen.queryByTestId('imported-note-pingone')).not.toBeInTheDocument();
    expect(secret.getAttribute('aria-describedby')?.split(' ')).toContain('imported-note');
    // Once the secret is stored the note has done its job.
    await user.type(secret, 'the-secret-from-the-vault');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.queryByTestId('imported-note')).not.toBeInTheDocument());
    // Said once: the next time the setup is opened it starts as usual.
    expect(new SetupSession(imported).imported).toBe(false);
  });

  it('a file that cannot be imported is named for what it is, and nothing opens', async () => {
    const user = userEvent.setup();
    const answers = [
      { code: 'newer_format', message: 'acme.json was made by a newer version… Update the app on this computer.' },
      { code: 'not_a_setup_file', message: 'report.pdf is not a setup file of the Haiilo SCIM Setup Assistant.' },
      { code: 'damaged_file', message: 'acme.json is a setup file, but it is damaged (EOF while parsing).' },
    ];
    const { onopen } = renderStart((cmd) => {
      if (cmd === 'import_setup') throw answers.shift();
    });
    const expected = [
      'This setup file is from a newer version of the app',
      'This is not a setup file',
      'This setup file is damaged',
    ];
    for (const headline of expected) {
      await user.click(await screen.findByTestId('import-setup'));
      await waitFor(() => expect(screen.getByTestId('import-error')).toHaveTextContent(headline));
    }
    expect(screen.getByRole('alert')).toHaveTextContent('EOF while parsing');
    expect(onopen).not.toHaveBeenCalled();
  });

  it('a cancelled import changes nothing', async () => {
    const user = userEvent.setup();
    const { onopen } = renderStart((cmd) => (cmd === 'import_setup' ? null : undefined));
    await user.click(await screen.findByTestId('import-setup'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onopen).not.toHaveBeenCalled();
    expect(screen.queryByTestId('import-error')).not.toBeInTheDocument();
  });
});
