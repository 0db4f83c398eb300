import { mockIPC } from '@tauri-apps/api/mocks';
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CheckEvent } from '../../src/lib/bindings/CheckEvent';
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import { STEP_GROUPS } from '../../src/lib/bindings/ladder';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import TestConnection from '../../src/screens/TestConnection.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { type CheckRun, checkRun, eventOf, makeView, stepOf, viewOf } from './fixtures';

declare global {
  interface Window {
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

/** Lets the test push check events through the real Channel, then finish the run. */
function controlledCheck(
  view: SetupView = viewOf(checkRun('ready')),
  extra: Record<string, (args: Record<string, unknown>) => unknown> = {},
) {
  let channelId = -1;
  let index = 0;
  let finish: (r: CheckReport) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const started = vi.fn();
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    if (extra[cmd]) return extra[cmd](args as Record<string, unknown>);
    if (cmd === 'run_check') {
      channelId = ((args as Record<string, unknown>).onEvent as { id: number }).id;
      started();
      return new Promise<CheckReport>((resolve, fail) => {
        finish = resolve;
        reject = fail;
      });
    }
    if (cmd === 'list_setups') return { setups: [], notice: null };
    if (cmd === 'save_setup') return view;
    throw new Error(`unexpected ${cmd}`);
  });
  const session = new SetupSession(view);
  const ongo = vi.fn();
  render(TestConnection, { session, ongo });
  return {
    session,
    ongo,
    calls,
    started,
    send(event: CheckEvent) {
      window.__TAURI_INTERNALS__.runCallback(channelId, { index: index++, message: event });
    },
    finish: (r: CheckReport) => finish(r),
    /** Streams a generated run's events as Rust sent them, then ends with its report. */
    async complete(run: CheckRun, events: CheckEvent[] = run.events) {
      for (const event of events) this.send(event);
      finish(run.report);
      await waitFor(() => expect(screen.getByTestId('run-check')).toHaveTextContent('Run again'));
    },
    reject: (e: unknown) => reject(e),
  };
}

/** Clicks Run and waits until the (mocked) run_check was called. */
async function start(run: ReturnType<typeof controlledCheck>, user = userEvent.setup()) {
  await user.click(screen.getByTestId('run-check'));
  await waitFor(() => expect(run.started).toHaveBeenCalled());
  return user;
}

const stepEl = (id: string) => screen.getAllByTestId('check-step').find((s) => s.dataset.stepId === id);
/** The group heading each shown step sits under, by step id. */
const shownGroups = () =>
  Object.fromEntries(
    screen.getAllByTestId('check-step').map((s) => [s.dataset.stepId, s.closest<HTMLElement>('[data-testid="step-group"]')?.dataset.group]),
  );

describe('Test connection', () => {
  it('renders each step live as events arrive, then the verdict and the users', async () => {
    const generated = checkRun('ready');
    const token = stepOf(generated, 'token');
    // What Rust saved at the end of the run; the session shows exactly that, no copy of its own.
    const saved = { at_ms: 1_800_000_000_000, ok: true, summary: 'as Rust saved it', finding_codes: [], total_users: 1234 };
    const view = viewOf(checkRun('ready'));
    const run = controlledCheck(view, {
      list_setups: () => ({ setups: [{ ...view, setup: { ...view.setup, last_check: saved } }], notice: null }),
    });
    await start(run);
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Testing the connection');

    run.send(eventOf(generated, 'token', 'step_started'));
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'running'));
    expect(screen.getByTestId('check-verdict')).toHaveTextContent(`${token.title}…`);

    run.send(eventOf(generated, 'token', 'step_finished'));
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'pass'));
    expect(stepEl('token')).toHaveTextContent(token.summary);
    expect(stepEl('token')).toHaveTextContent(`${token.duration_ms} ms`);
    expect(stepEl('list_users')).toBeUndefined();

    run.send(eventOf(generated, 'list_users', 'step_started'));
    await waitFor(() => expect(stepEl('list_users')).toHaveAttribute('data-status', 'running'));
    run.send(eventOf(generated, 'list_users', 'step_finished'));
    const users = generated.report.users!;
    // A bigger directory than the demo tenant's 50 users, to see the thousands separator.
    run.finish({ ...generated.report, users: { ...users, total_results: 1234 } });

    await waitFor(() => expect(screen.getByTestId('check-verdict')).toHaveTextContent(generated.report.verdict.headline));
    expect(screen.getByTestId('users-total')).toHaveTextContent('1,234 users in Haiilo');
    const rows = screen.getAllByTestId('user-row');
    expect(rows).toHaveLength(users.sample.length);
    expect(rows[0]).toHaveTextContent(users.sample[0].userName);
    expect(rows[0]).toHaveTextContent(users.sample[0].name!);
    const inactive = users.sample.findIndex((u) => !u.active);
    expect(inactive).toBeGreaterThan(-1);
    expect(rows[inactive]).toHaveTextContent('Inactive');
    expect(screen.getByTestId('run-check')).toHaveTextContent('Run again');
    // The stepper's "Test done" and the start screen's line come from the check Rust saved.
    await waitFor(() => expect(run.session.lastCheck).toEqual(saved));
  });

  it('a failing step shows the finding’s summary, its fix prominently, and details on demand', async () => {
    const generated = checkRun('wrong-secret');
    const token = stepOf(generated, 'token');
    const finding = token.finding!;
    const skipped = stepOf(generated, 'list_users');
    const run = controlledCheck(viewOf(generated));
    const user = await start(run);
    run.send(eventOf(generated, 'token', 'step_started'));
    run.send(eventOf(generated, 'token', 'step_finished'));
    run.send(eventOf(generated, 'list_users', 'step_finished'));
    run.finish(generated.report);

    await waitFor(() => expect(screen.getByTestId('check-verdict')).toHaveTextContent(generated.report.verdict.headline));
    expect(stepEl('token')).toHaveAttribute('data-status', 'fail');
    expect(stepEl('list_users')).toHaveAttribute('data-status', 'skip');
    expect(screen.getByTestId('finding-code')).toHaveTextContent('invalid_client');
    expect(screen.getByTestId('finding-summary')).toHaveTextContent(finding.summary);
    expect(screen.getByTestId('finding-fix')).toBeVisible();
    expect(screen.getByTestId('finding-fix')).toHaveTextContent(finding.fix);
    expect(screen.getByTestId('finding-detail')).not.toBeVisible();
    await user.click(screen.getByText('Details and evidence'));
    expect(screen.getByTestId('finding-detail')).toBeVisible();
    expect(screen.getByText(finding.evidence!.status_line!)).toBeVisible();
    expect(screen.queryByTestId('users-total')).not.toBeInTheDocument();
    expect(within(stepEl('list_users')!).getByTestId('skip-cause')).toHaveTextContent(skipped.summary);
    // The reason once: no second line repeating it.
    expect(stepEl('list_users')!.textContent!.split(token.title)).toHaveLength(2);
  });

  it('shows every step under the group Rust gives it, the same while running and when done, in ladder order', async () => {
    const generated = checkRun('ready');
    const run = controlledCheck();
    await start(run);
    // Steps running side by side (the generated run was sequential; a concurrent one sends
    // this): tls, token and inputs start before any has finished, and token finishes first.
    run.send(eventOf(generated, 'tls', 'step_started'));
    run.send(eventOf(generated, 'token', 'step_started'));
    run.send(eventOf(generated, 'inputs', 'step_started'));
    run.send(eventOf(generated, 'token', 'step_finished'));
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'pass'));
    const live = ['inputs', 'tls', 'token'] as const;
    const liveGroups = STEP_GROUPS.map((g) => g.id).filter((g) => live.some((id) => stepOf(generated, id).group === g));
    expect(screen.getAllByTestId('step-group').map((g) => g.dataset.group)).toEqual(liveGroups);
    // Several running steps are all named.
    const [inputs, tls] = [stepOf(generated, 'inputs'), stepOf(generated, 'tls')];
    expect(screen.getByTestId('check-verdict')).toHaveTextContent(`${tls.title}… ${inputs.title}…`);
    expect(screen.getAllByTestId('check-step').map((s) => s.dataset.stepId)).toEqual(
      generated.report.steps.map((s) => s.id).filter((id) => (live as readonly string[]).includes(id)),
    );

    // Every other step starts before any finishes: each sits under its heading while running…
    const starts = generated.events.filter((e) => e.event === 'step_started' && !live.includes(e.id as (typeof live)[number]));
    for (const e of starts) run.send(e);
    await waitFor(() => expect(screen.getAllByTestId('check-step')).toHaveLength(generated.report.steps.length));
    const whileRunning = shownGroups();
    // …and they finish in the reverse of the order they ran in.
    const finishes = generated.events.filter((e) => e.event === 'step_finished' && e.id !== 'token').reverse();
    await run.complete(generated, finishes);
    const rustGroups = Object.fromEntries(generated.report.steps.map((s) => [s.id, s.group]));
    expect(whileRunning).toEqual(rustGroups);
    expect(shownGroups()).toEqual(rustGroups);

    const groups = screen.getAllByTestId('step-group');
    const sent = STEP_GROUPS.filter((g) => generated.report.steps.some((s) => s.group === g.id));
    expect(groups.map((g) => g.dataset.group)).toEqual(sent.map((g) => g.id));
    expect(groups.map((g) => within(g).getByRole('heading').textContent)).toEqual(sent.map((g) => expect.stringContaining(g.title.en)));
    // Ladder order within and across the groups, whatever order the steps finished in.
    expect(screen.getAllByTestId('check-step').map((s) => s.dataset.stepId)).toEqual(
      sent.flatMap((g) => generated.report.steps.filter((s) => s.group === g.id).map((s) => s.id)),
    );
  });

  it('shows the verdict from the report: headline and every item worst first with its fix', async () => {
    const generated = checkRun('filter-ignored');
    const { verdict } = generated.report;
    const run = controlledCheck(viewOf(generated));
    await start(run);
    await run.complete(generated);
    const shown = screen.getByTestId('check-verdict');
    expect(within(shown).getByTestId('verdict-headline')).toHaveTextContent(verdict.headline);
    const items = within(shown).getAllByTestId('verdict-item');
    expect(items.map((i) => i.dataset.severity)).toEqual(verdict.items.map((i) => i.severity));
    expect(items[0]).toHaveAttribute('data-severity', 'critical');
    expect(items[0]).toHaveTextContent(verdict.items[0].summary);
    expect(items[0]).toHaveTextContent(`Fix: ${verdict.items[0].fix}`);
    expect(items[0]).toHaveTextContent(`(${stepOf(generated, verdict.items[0].step).title})`);
    expect(shown.className).toContain('fail');
  });

  it('a ready verdict with a warning says so', async () => {
    const generated = checkRun('ready-with-warning');
    const run = controlledCheck(viewOf(generated));
    await start(run);
    await run.complete(generated);
    const [item] = generated.report.verdict.items;
    expect(screen.getByTestId('verdict-headline')).toHaveTextContent('Passed on the practice tenant, with 1 warning');
    expect(screen.getByTestId('verdict-item')).toHaveAttribute('data-severity', 'warn');
    expect(screen.getByTestId('check-verdict').className).toContain('ok');
    expect(stepEl(item.step)).toHaveAttribute('data-status', 'warn');
  });

  it('a pass on the practice tenant is not called ready for PingOne: it says PingOne cannot reach that tenant', async () => {
    const generated = checkRun('ready');
    const run = controlledCheck(viewOf(generated));
    await start(run);
    await run.complete(generated);
    expect(screen.getByTestId('verdict-headline')).toHaveTextContent('Passed on the practice tenant');
    expect(screen.getByTestId('verdict-headline')).not.toHaveTextContent('Ready for PingOne');
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('PingOne cannot reach it');
    expect(screen.getByTestId('check-verdict').className).toContain('ok');
  });

  it('a setup on this computer that is not the practice tenant is not ready for PingOne, and says why', async () => {
    const generated = checkRun('unreachable');
    const [item] = generated.report.verdict.items;
    const view = viewOf(generated, 'keychain');
    const run = controlledCheck({ ...view, setup: { ...view.setup, name: 'Local proxy', is_demo: false } });
    await start(run);
    await run.complete(generated);
    expect(screen.queryByTestId('demo-badge')).not.toBeInTheDocument();
    expect(screen.getByTestId('verdict-headline')).toHaveTextContent(generated.report.verdict.headline);
    expect(screen.getByTestId('verdict-headline')).not.toHaveTextContent('Ready for PingOne');
    expect(screen.getByTestId('check-verdict').className).toContain('fail');
    expect(screen.getByTestId('verdict-item')).toHaveTextContent(item.summary);
    expect(stepEl(item.step)).toHaveAttribute('data-status', 'fail');
    expect(within(stepEl(item.step)!).getByTestId('finding-code')).toHaveTextContent('unreachable_from_pingone');
  });

  it('draws a timing waterfall: one bar per step that ran, placed by start and sized by duration', async () => {
    const generated = checkRun('wrong-secret');
    // The fixtures give every step the same 10 ms slot; a waterfall needs distinct times, so
    // give each step the time a sequential run has: it starts when the one before it ended,
    // and takes a little longer than the one before.
    let clock = 0;
    let took = 10;
    for (const e of generated.events.filter((e) => e.event === 'step_started')) {
      const s = stepOf(generated, e.id);
      [s.started_ms, s.duration_ms] = [clock, took];
      clock += took;
      took += 5;
    }
    generated.report.duration_ms = clock;
    const run = controlledCheck(viewOf(generated));
    await start(run);
    await run.complete(generated);
    const bars = within(screen.getByTestId('waterfall')).getAllByTestId('waterfall-bar');
    const ran = generated.report.steps.filter((s) => s.status !== 'skip');
    expect(bars.map((b) => b.dataset.stepId)).toEqual(ran.map((s) => s.id));
    const token = stepOf(generated, 'token');
    const bar = bars.find((b) => b.dataset.stepId === 'token')!;
    const pct = (ms: number) => `${((ms / clock) * 100).toFixed(2)}%`;
    expect(bar.style.left).toBe(pct(token.started_ms));
    expect(bar.style.width).toBe(pct(token.duration_ms));
    expect(bar).toHaveAttribute('role', 'img');
    expect(bar).toHaveAccessibleName(`${token.title}: started after ${token.started_ms} ms, took ${token.duration_ms} ms, failed`);
  });

  it('expands a finding to its evidence (status line, headers, body) and the step’s facts', async () => {
    const generated = checkRun('wrong-secret');
    const finding = stepOf(generated, 'token').finding!;
    const evidence = finding.evidence!;
    const run = controlledCheck(viewOf(generated));
    const user = await start(run);
    await run.complete(generated);
    const token = stepEl('token')!;
    expect(within(token).getByTestId('finding-code')).toHaveTextContent('invalid_client');
    expect(within(token).getByTestId('finding')).toHaveAttribute('data-severity', finding.severity);
    expect(within(token).getByText(evidence.status_line!)).not.toBeVisible();
    await user.click(within(token).getByText('Details and evidence'));
    expect(within(token).getByText(evidence.status_line!)).toBeVisible();
    const challenge = evidence.headers.find((h) => h.name === 'www-authenticate')!;
    expect(within(token).getByTestId('evidence-headers')).toHaveTextContent(`www-authenticate: ${challenge.value}`);
    expect(within(token).getByText(evidence.body_excerpt!)).toBeVisible();
    // Skipped steps name the step that made them pointless.
    expect(within(stepEl('paging')!).getByTestId('skip-cause')).toHaveTextContent(stepOf(generated, 'paging').summary);
    // A passing step's facts are on demand too.
    const fact = stepOf(generated, 'scim_requires_auth').facts[0];
    const passing = stepEl('scim_requires_auth')!;
    await user.click(within(passing).getByText('What was observed'));
    expect(within(passing).getByTestId('step-facts')).toHaveTextContent(fact.label);
    expect(within(passing).getByTestId('step-facts')).toHaveTextContent(fact.value);
  });

  it('saves the report and shows where; a cancelled dialog says nothing; errors are shown', async () => {
    const answers: (() => unknown)[] = [
      () => '/home/me/haiilo-report.md',
      () => null,
      () => Promise.reject({ code: 'io', message: 'The folder is read-only.' }),
    ];
    const saveArgs: unknown[] = [];
    const run = controlledCheck(undefined, {
      save_report: (args) => {
        saveArgs.push(args);
        return answers.shift()!();
      },
    });
    expect(screen.queryByTestId('save-report')).not.toBeInTheDocument();
    expect(screen.queryByTestId('copy-summary')).not.toBeInTheDocument();
    const user = await start(run);
    await run.complete(checkRun('ready'));
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent('Saved to /home/me/haiilo-report.md'));
    expect(saveArgs).toEqual([{ id: 'setup-1', includeUsers: false }]);
    expect(screen.getByTestId('report-status')).toHaveAttribute('aria-live', 'polite');
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(saveArgs).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent(/^$/));
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent('The folder is read-only.'));
  });

  it('leaves the users out of a saved report unless the admin ticks the box, which says it is personal data', async () => {
    const generated = checkRun('ready');
    const saveArgs: unknown[] = [];
    const run = controlledCheck(undefined, {
      save_report: (args) => {
        saveArgs.push(args);
        return '/home/me/haiilo-report.html';
      },
    });
    const user = await start(run);
    await run.complete(generated);
    const box = screen.getByTestId('report-include-users');
    expect(box).not.toBeChecked();
    const shown = generated.report.users!.sample.length;
    expect(screen.getByLabelText(new RegExp(`Include the first ${shown} users’ names \\(personal data\\)`))).toBe(box);
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(saveArgs).toEqual([{ id: 'setup-1', includeUsers: false }]));
    await user.click(box);
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(saveArgs).toEqual([{ id: 'setup-1', includeUsers: false }, { id: 'setup-1', includeUsers: true }]));
  });

  it('copy summary calls copy_summary and confirms; no_report is explained', async () => {
    const copied: unknown[] = [];
    let noReport = false;
    const run = controlledCheck(undefined, {
      copy_summary: (args) => {
        copied.push(args);
        return noReport ? Promise.reject({ code: 'no_report', message: 'Run the test first: there is no report yet.' }) : null;
      },
    });
    const user = await start(run);
    await run.complete(checkRun('ready'));
    await user.click(screen.getByTestId('copy-summary'));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent('Summary copied'));
    expect(copied).toEqual([{ id: 'setup-1' }]);
    expect(run.calls).toContain('copy_summary');
    noReport = true;
    await user.click(screen.getByTestId('copy-summary'));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent('Run the test first: there is no report yet.'));
  });

  it('renders steps it has never heard of, from the event alone', async () => {
    const generated = checkRun('ready-with-warning');
    const groups = eventOf(generated, 'groups', 'step_finished');
    const run = controlledCheck();
    await start(run);
    // A step (and group) a newer Rust core might add: a real warning event under a new id,
    // title and group. The UI must need no change for it.
    const future = { ...groups, id: 'schemas', title: 'Read the SCIM schemas', group: 'discovery' } as unknown as CheckEvent;
    run.send(future);
    await waitFor(() => expect(stepEl('schemas')).toHaveAttribute('data-status', 'warn'));
    expect(stepEl('schemas')).toHaveTextContent('Read the SCIM schemas');
    expect(stepEl('schemas')!.closest<HTMLElement>('[data-testid="step-group"]')?.dataset.group).toBe('discovery');
    const fix = stepOf(generated, 'groups').finding!.fix;
    expect(within(stepEl('schemas')!).getByTestId('finding-fix')).toHaveTextContent(fix);
  });

  it('without a stored secret it explains and links to Phase 1 instead of running', async () => {
    const user = userEvent.setup();
    const run = controlledCheck(makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }, 'none'));
    expect(screen.getByText(/Store the Client Secret/)).toBeInTheDocument();
    expect(screen.getByTestId('run-check')).toHaveAttribute('aria-disabled', 'true');
    await user.click(screen.getByTestId('run-check'));
    expect(run.started).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Go to Phase 1' }));
    expect(run.ongo).toHaveBeenCalledWith('phase1');
  });

  it('secret_missing from Rust is explained with a way back to Phase 1', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    run.reject({ code: 'secret_missing', message: 'Store the Client Secret in Phase 1 before testing the connection.' });
    await waitFor(() => expect(screen.getByTestId('check-verdict')).toHaveTextContent('No Client Secret stored'));
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Store the Client Secret in Phase 1');
    expect(run.session.secret.location).toBe('none');
  });

  it('marks the result as outdated and shows the new target once the Advanced URLs or the Client ID change', async () => {
    const generated = checkRun('ready');
    const tested = generated.report.target;
    let saved = viewOf(generated);
    const run = controlledCheck(saved, { save_setup: () => saved });
    const user = await start(run);
    await run.complete(generated);
    expect(screen.queryByTestId('stale-result')).not.toBeInTheDocument();
    expect(screen.getByTestId('check-verdict').className).toContain('ok');

    // Phase 1, Advanced: the admin points the setup at a proxy in front of Haiilo.
    const advanced = { scim_base_url: 'https://scim.acme.example/scim/v2', token_url: 'https://login.acme.example/oauth/token' };
    saved = {
      ...saved,
      setup: { ...saved.setup, advanced },
      endpoints: { host: 'scim.acme.example', scim_base_url: advanced.scim_base_url, token_url: advanced.token_url, notes: [] },
    };
    run.session.update({ advanced }, 0);
    await run.session.flush();

    const note = await screen.findByTestId('stale-result');
    expect(note).toHaveTextContent('Outdated result');
    expect(note).toHaveTextContent(`SCIM base URL: tested ${tested.scim_base_url}, now https://scim.acme.example/scim/v2`);
    expect(note).toHaveTextContent(`Token URL: tested ${tested.token_url}, now https://login.acme.example/oauth/token`);
    expect(note).not.toHaveTextContent('Client ID');
    expect(screen.getByTestId('target-scim')).toHaveTextContent('https://scim.acme.example/scim/v2');
    expect(screen.getByTestId('target-token')).toHaveTextContent('https://login.acme.example/oauth/token');
    const verdict = screen.getByTestId('check-verdict');
    expect(verdict.className).not.toContain('ok');
    expect(verdict).toHaveAttribute('data-stale', 'true');
    expect(screen.getByTestId('verdict-headline')).toHaveTextContent(`Earlier result, before the change: ${generated.report.verdict.headline}`);

    // A new Client ID alone makes it outdated too.
    saved = { ...saved, setup: { ...saved.setup, client_id: 'client-2' } };
    run.session.update({ client_id: 'client-2' }, 0);
    await run.session.flush();
    await waitFor(() => expect(screen.getByTestId('stale-result')).toHaveTextContent(`Client ID: tested ${tested.client_id}, now client-2`));

    // Testing again with the new values clears the mark. (The generated run was made
    // against the demo tenant; Rust's report names the target it tested, here the new one.)
    await user.click(screen.getByTestId('run-check'));
    const fresh = checkRun('ready');
    fresh.report.target = { ...advanced, client_id: 'client-2' };
    await run.complete(fresh);
    expect(screen.queryByTestId('stale-result')).not.toBeInTheDocument();
    expect(screen.getByTestId('check-verdict').className).toContain('ok');
  });

  it('adds no practice-tenant notice of its own: the header carries the one badge (see app.test.ts)', () => {
    controlledCheck(makeView({ domain: 'demo.haiilo.test', client_id: 'demo', is_demo: true }, 'session'));
    expect(screen.getByTestId('screen-test')).toBeInTheDocument();
    expect(screen.queryByTestId('demo-badge')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(/practice tenant|cannot reach these URLs/i);
  });
});

describe('Test connection · what a screen reader hears', () => {
  /** The log's lines, and every change made to it since `watch` was called. */
  function watch() {
    const log = screen.getByTestId('check-announcer');
    const changes: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') changes.push(`text changed: ${r.target.textContent}`);
        for (const node of r.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) changes.push(`added: ${node.textContent}`);
      }
    });
    observer.observe(log, { childList: true, subtree: true, characterData: true });
    const lines = () => [...log.querySelectorAll('p')].map((p) => p.textContent ?? '');
    const lastLine = () => lines()[lines().length - 1];
    return { log, changes, lines, lastLine, stop: () => observer.disconnect() };
  }

  it('one line per finished step, none when a step starts or time passes, then the verdict', async () => {
    const generated = checkRun('ready');
    const run = controlledCheck(viewOf(generated));
    const log = watch();
    expect(log.log).toHaveAttribute('role', 'log');
    // The verdict box changes as steps start: it is no live region of its own.
    expect(screen.getByTestId('check-verdict')).not.toHaveAttribute('aria-live');
    expect(screen.getByTestId('check-verdict')).not.toHaveAttribute('role', 'status');
    await start(run);
    await waitFor(() => expect(log.lines()).toEqual(['Testing the connection…']));

    const token = stepOf(generated, 'token');
    run.send(eventOf(generated, 'token', 'step_started'));
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'running'));
    // Time passes while the step runs: the visible screen may tick, the log stays quiet.
    const quiet = log.changes.length;
    await new Promise((r) => setTimeout(r, 1_100));
    expect(log.changes.slice(quiet)).toEqual([]);
    expect(log.lines()).toEqual(['Testing the connection…']);

    run.send(eventOf(generated, 'token', 'step_finished'));
    await waitFor(() => expect(log.lines()).toEqual(['Testing the connection…', `${token.title}: passed`]));

    // Every other step as Rust streamed it: each finish adds exactly its own line.
    const rest = generated.events.filter((e) => e.id !== 'token');
    for (const event of rest) {
      const before = log.lines().length;
      run.send(event);
      if (event.event === 'step_finished') {
        const title = stepOf(generated, event.id).title;
        await waitFor(() => expect(log.lines()).toHaveLength(before + 1));
        expect(log.lastLine()).toMatch(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      } else {
        await new Promise((r) => setTimeout(r, 0));
        expect(log.lines()).toHaveLength(before);
      }
    }
    run.finish(generated.report);
    await waitFor(() => expect(screen.getByTestId('run-check')).toHaveTextContent('Run again'));
    await waitFor(() => expect(log.lastLine()).toBe(generated.report.verdict.headline));

    const finished = generated.report.steps;
    expect(log.lines()).toHaveLength(1 + finished.length + 1);
    for (const step of finished) expect(log.lines().filter((l) => l.startsWith(`${step.title}: `))).toHaveLength(1);
    // Only additions: no line was ever rewritten in place.
    expect(log.changes.every((c) => c.startsWith('added: '))).toBe(true);
    log.stop();
  });

  it('a failed step is read out as failed, the skipped ones as skipped, and the verdict last', async () => {
    const generated = checkRun('wrong-secret');
    const run = controlledCheck(viewOf(generated));
    const log = watch();
    await start(run);
    await run.complete(generated);
    const token = stepOf(generated, 'token');
    const skipped = generated.report.steps.filter((s) => s.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    await waitFor(() => expect(log.lastLine()).toBe(generated.report.verdict.headline));
    expect(log.lines()).toContain(`${token.title}: failed`);
    for (const step of skipped) expect(log.lines()).toContain(`${step.title}: skipped`);
    log.stop();
  });

  it('a result kept from before is on screen but not read out again', async () => {
    const generated = checkRun('ready');
    const run = controlledCheck(viewOf(generated));
    await start(run);
    await run.complete(generated);
    cleanup();
    // The same setup opened again: the kept run is shown, the log is empty.
    controlledCheck(viewOf(generated));
    await waitFor(() => expect(screen.getAllByTestId('check-step').length).toBeGreaterThan(0));
    expect(screen.getByTestId('check-announcer')).toHaveTextContent(/^$/);
  });
});
