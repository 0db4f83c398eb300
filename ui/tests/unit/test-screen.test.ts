import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CheckEvent } from '../../src/lib/bindings/CheckEvent';
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import TestConnection from '../../src/screens/TestConnection.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { ERROR_FORMAT_WARN, LIST_PASS, TOKEN_FAIL, TOKEN_PASS, USERS, ladder, makeView, report } from './fixtures';

declare global {
  interface Window {
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

/** Lets the test push check events through the real Channel, then finish the run. */
function controlledCheck(
  view: SetupView = makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }, 'keychain'),
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
    /** Streams a finished ladder in completion order (skips without a start), then ends the run. */
    async complete(r: CheckReport) {
      const byEnd = [...r.steps].sort((a, b) => a.started_ms + a.duration_ms - (b.started_ms + b.duration_ms));
      for (const s of byEnd) {
        if (s.status !== 'skip') this.send({ event: 'step_started', id: s.id, title: s.title });
      }
      for (const s of byEnd) this.send({ event: 'step_finished', ...s });
      finish(r);
      await waitFor(() => expect(screen.getByTestId('run-check')).toHaveTextContent('Run again'));
    },
    reject: (e: unknown) => reject(e),
  };
}

const stepEl = (id: string) => screen.getAllByTestId('check-step').find((s) => s.dataset.stepId === id);

describe('Test connection', () => {
  it('renders each step live as events arrive, then the verdict and the users', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Testing the connection');

    run.send({ event: 'step_started', id: 'token', title: 'Get an access token' });
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'running'));
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Get an access token…');

    run.send({ event: 'step_finished', ...TOKEN_PASS });
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'pass'));
    expect(stepEl('token')).toHaveTextContent('Haiilo issued a Bearer token.');
    expect(stepEl('token')).toHaveTextContent('120 ms');
    expect(stepEl('list_users')).toBeUndefined();

    run.send({ event: 'step_started', id: 'list_users', title: 'List users over SCIM' });
    await waitFor(() => expect(stepEl('list_users')).toHaveAttribute('data-status', 'running'));
    run.send({ event: 'step_finished', ...LIST_PASS });
    run.finish(report([TOKEN_PASS, LIST_PASS], { total_results: 1234, sample: USERS.slice(0, 10) }));

    await waitFor(() => expect(screen.getByTestId('check-verdict')).toHaveTextContent('Ready for PingOne'));
    expect(screen.getByTestId('users-total')).toHaveTextContent('1,234 users in Haiilo');
    const rows = screen.getAllByTestId('user-row');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toHaveTextContent('user0@acme.example');
    expect(rows[0]).toHaveTextContent('User 0');
    expect(rows[2]).toHaveTextContent('Inactive');
    expect(screen.getByTestId('run-check')).toHaveTextContent('Run again');
    // The stepper's "Test done" comes from the last check.
    expect(run.session.lastCheck?.ok).toBe(true);
    // Shown after "Passed: " on the start screen, so no prefix of its own.
    expect(run.session.lastCheck?.summary).toBe('1234 users in Haiilo');
  });

  it('a failing step shows the finding’s summary, its fix prominently, and details on demand', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    run.send({ event: 'step_started', id: 'token', title: 'Get an access token' });
    run.send({ event: 'step_finished', ...TOKEN_FAIL });
    const skipped = { ...LIST_PASS, status: 'skip' as const, duration_ms: 0, summary: 'Skipped: it needs "Get an access token" to succeed first, and that failed.', skipped_because: 'token' as const };
    run.send({ event: 'step_finished', ...skipped });
    run.finish(report([TOKEN_FAIL, skipped], null));

    await waitFor(() => expect(screen.getByTestId('check-verdict')).toHaveTextContent('1 problem to fix'));
    expect(stepEl('token')).toHaveAttribute('data-status', 'fail');
    expect(stepEl('list_users')).toHaveAttribute('data-status', 'skip');
    expect(screen.getByTestId('finding-code')).toHaveTextContent('invalid_client');
    expect(screen.getByTestId('finding-summary')).toHaveTextContent('Haiilo rejected the Client ID or Client Secret.');
    expect(screen.getByTestId('finding-fix')).toBeVisible();
    expect(screen.getByTestId('finding-fix')).toHaveTextContent('Create a new API client pair');
    expect(screen.getByTestId('finding-detail')).not.toBeVisible();
    await user.click(screen.getByText('Details and evidence'));
    expect(screen.getByTestId('finding-detail')).toBeVisible();
    expect(screen.getByText('HTTP/1.1 401 Unauthorized')).toBeVisible();
    expect(screen.queryByTestId('users-total')).not.toBeInTheDocument();
    expect(within(stepEl('list_users')!).getByTestId('skip-cause')).toHaveTextContent('Skipped: it needs "Get an access token" to succeed first, and that failed.');
    // The reason once: no second line repeating it.
    expect(stepEl('list_users')!.textContent!.split('Get an access token')).toHaveLength(2);
  });

  it('groups the 13-step ladder under headings in ladder order, whatever order steps finish in', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    // Concurrent: the token step starts and finishes before the network steps are done.
    run.send({ event: 'step_started', id: 'tls', title: 'Check the TLS certificate' });
    run.send({ event: 'step_started', id: 'token', title: 'Get an access token' });
    run.send({ event: 'step_started', id: 'inputs', title: 'Check the values' });
    run.send({ event: 'step_finished', ...TOKEN_PASS });
    await waitFor(() => expect(stepEl('token')).toHaveAttribute('data-status', 'pass'));
    // Running steps already sit under their heading; several running ones are named.
    const groupsLive = screen.getAllByTestId('step-group').map((g) => g.dataset.group);
    expect(groupsLive).toEqual(['network', 'authentication']);
    expect(screen.getByTestId('check-verdict')).toHaveTextContent('Check the TLS certificate… Check the values…');
    expect(screen.getAllByTestId('check-step').map((s) => s.dataset.stepId)).toEqual(['inputs', 'tls', 'token']);

    const r = report(ladder(), { total_results: 1234, sample: USERS.slice(0, 3) });
    await run.complete(r);
    const groups = screen.getAllByTestId('step-group');
    expect(groups.map((g) => g.dataset.group)).toEqual(['network', 'authentication', 'scim', 'pingone_compatibility']);
    expect(groups.map((g) => within(g).getByRole('heading').textContent)).toEqual([
      expect.stringContaining('Network'),
      expect.stringContaining('Authentication'),
      expect.stringContaining('SCIM'),
      expect.stringContaining('PingOne compatibility'),
    ]);
    expect(screen.getAllByTestId('check-step').map((s) => s.dataset.stepId)).toEqual(r.steps.map((s) => s.id));
    expect(within(groups[1]).getAllByTestId('check-step').map((s) => s.dataset.stepId)).toEqual(['token', 'scim_requires_auth']);
  });

  it('shows the verdict from the report: headline and every item worst first with its fix', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    const steps = ladder(true).map((s) => (s.id === 'tls' ? { ...s, status: 'warn' as const, findings: [ERROR_FORMAT_WARN.finding!], finding: ERROR_FORMAT_WARN.finding } : s));
    await run.complete(report(steps, null));
    const verdict = screen.getByTestId('check-verdict');
    expect(within(verdict).getByTestId('verdict-headline')).toHaveTextContent('1 problem to fix');
    const items = within(verdict).getAllByTestId('verdict-item');
    expect(items.map((i) => i.dataset.severity)).toEqual(['critical', 'warn']);
    expect(items[0]).toHaveTextContent('Haiilo rejected the Client ID or Client Secret.');
    expect(items[0]).toHaveTextContent('Fix: Create a new API client pair');
    expect(items[0]).toHaveTextContent('(Get an access token)');
    expect(verdict.className).toContain('fail');
  });

  it('a ready verdict with a warning says so', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    await run.complete(report(ladder(), { total_results: 5, sample: USERS.slice(0, 5) }));
    expect(screen.getByTestId('verdict-headline')).toHaveTextContent('Ready for PingOne, with 1 warning');
    expect(screen.getByTestId('verdict-item')).toHaveAttribute('data-severity', 'warn');
    expect(screen.getByTestId('check-verdict').className).toContain('ok');
    expect(stepEl('error_format')).toHaveAttribute('data-status', 'warn');
  });

  it('draws a timing waterfall: one bar per step that ran, placed by start and sized by duration', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    const r = report(ladder(true), null);
    await run.complete(r);
    const waterfall = screen.getByTestId('waterfall');
    const bars = within(waterfall).getAllByTestId('waterfall-bar');
    const ran = r.steps.filter((s) => s.status !== 'skip');
    expect(bars.map((b) => b.dataset.stepId)).toEqual(ran.map((s) => s.id));
    const token = bars.find((b) => b.dataset.stepId === 'token')!;
    const pct = (ms: number) => `${((ms / r.duration_ms) * 100).toFixed(2)}%`;
    expect(token.style.left).toBe(pct(140));
    expect(token.style.width).toBe(pct(95));
    expect(token).toHaveAttribute('role', 'img');
    expect(token).toHaveAccessibleName('Get an access token: started after 140 ms, took 95 ms, failed');
  });

  it('expands a finding to its evidence (status line, headers, body) and the step’s facts', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    await run.complete(report(ladder(true), null));
    const token = stepEl('token')!;
    expect(within(token).getByTestId('finding-code')).toHaveTextContent('invalid_client');
    expect(within(token).getByTestId('finding')).toHaveAttribute('data-severity', 'critical');
    expect(within(token).getByText('HTTP/1.1 401 Unauthorized')).not.toBeVisible();
    await user.click(within(token).getByText('Details and evidence'));
    expect(within(token).getByText('HTTP/1.1 401 Unauthorized')).toBeVisible();
    expect(within(token).getByTestId('evidence-headers')).toHaveTextContent('www-authenticate: Bearer error="invalid_client"');
    expect(within(token).getByText('{"error":"invalid_client"}')).toBeVisible();
    expect(within(token).getByTestId('step-facts')).toHaveTextContent('client_secret_post');
    // Skipped steps name the step that made them pointless.
    expect(within(stepEl('paging')!).getByTestId('skip-cause')).toHaveTextContent('it needs "Get an access token" to succeed first');
    // A passing step's facts are on demand too.
    await user.click(within(stepEl('tls')!).getByText('What was observed'));
    expect(within(stepEl('tls')!).getByTestId('step-facts')).toHaveTextContent('TLS 1.3');
  });

  it('saves the report and shows where; a cancelled dialog says nothing; errors are shown', async () => {
    const user = userEvent.setup();
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
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    await run.complete(report(ladder(), null));
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
    const user = userEvent.setup();
    const saveArgs: unknown[] = [];
    const run = controlledCheck(undefined, {
      save_report: (args) => {
        saveArgs.push(args);
        return '/home/me/haiilo-report.html';
      },
    });
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    await run.complete(report(ladder(), { total_results: 50, sample: USERS.slice(0, 10) }));
    const box = screen.getByTestId('report-include-users');
    expect(box).not.toBeChecked();
    expect(screen.getByLabelText(/Include the first 10 users’ names \(personal data\)/)).toBe(box);
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(saveArgs).toEqual([{ id: 'setup-1', includeUsers: false }]));
    await user.click(box);
    await user.click(screen.getByTestId('save-report'));
    await waitFor(() => expect(saveArgs).toEqual([{ id: 'setup-1', includeUsers: false }, { id: 'setup-1', includeUsers: true }]));
  });

  it('copy summary calls copy_summary and confirms; no_report is explained', async () => {
    const user = userEvent.setup();
    const copied: unknown[] = [];
    let noReport = false;
    const run = controlledCheck(undefined, {
      copy_summary: (args) => {
        copied.push(args);
        return noReport ? Promise.reject({ code: 'no_report', message: 'Run the test first: there is no report yet.' }) : null;
      },
    });
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    await run.complete(report(ladder(), null));
    await user.click(screen.getByTestId('copy-summary'));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent('Summary copied'));
    expect(copied).toEqual([{ id: 'setup-1' }]);
    expect(run.calls).toContain('copy_summary');
    noReport = true;
    await user.click(screen.getByTestId('copy-summary'));
    await waitFor(() => expect(screen.getByTestId('report-status')).toHaveTextContent('Run the test first: there is no report yet.'));
  });

  it('renders steps it has never heard of, from the event alone', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    // A step a future Rust version might add: the UI must need no change for it.
    const future = {
      event: 'step_finished',
      id: 'discovery',
      title: 'Read the service provider configuration',
      status: 'warn',
      duration_ms: 33,
      summary: 'PATCH is not supported.',
      finding: { ...TOKEN_FAIL.finding!, code: 'scim_request_failed', summary: 'No PATCH', fix: 'Nothing to do for PingOne.' },
    } as unknown as CheckEvent;
    run.send(future);
    await waitFor(() => expect(stepEl('discovery')).toHaveAttribute('data-status', 'warn'));
    expect(stepEl('discovery')).toHaveTextContent('Read the service provider configuration');
    expect(within(stepEl('discovery')!).getByTestId('finding-fix')).toHaveTextContent('Nothing to do for PingOne.');
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
    const user = userEvent.setup();
    let saved = makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }, 'keychain');
    const run = controlledCheck(saved, { save_setup: () => saved });
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    await run.complete(report(ladder(), null));
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
    expect(note).toHaveTextContent('SCIM base URL: tested https://acme.haiilo.app/api/scim/v2, now https://scim.acme.example/scim/v2');
    expect(note).toHaveTextContent('Token URL: tested https://acme.haiilo.app/api/oauth/token, now https://login.acme.example/oauth/token');
    expect(note).not.toHaveTextContent('Client ID');
    expect(screen.getByTestId('target-scim')).toHaveTextContent('https://scim.acme.example/scim/v2');
    expect(screen.getByTestId('target-token')).toHaveTextContent('https://login.acme.example/oauth/token');
    const verdict = screen.getByTestId('check-verdict');
    expect(verdict.className).not.toContain('ok');
    expect(verdict).toHaveAttribute('data-stale', 'true');
    expect(screen.getByTestId('verdict-headline')).toHaveTextContent('Earlier result, before the change: Ready for PingOne');

    // A new Client ID alone makes it outdated too.
    saved = { ...saved, setup: { ...saved.setup, client_id: 'client-2' } };
    run.session.update({ client_id: 'client-2' }, 0);
    await run.session.flush();
    await waitFor(() => expect(screen.getByTestId('stale-result')).toHaveTextContent('Client ID: tested client-1, now client-2'));

    // Testing again with the new values clears the mark.
    await user.click(screen.getByTestId('run-check'));
    const fresh = report(ladder(), null);
    await run.complete({ ...fresh, target: { ...advanced, client_id: 'client-2' } });
    expect(screen.queryByTestId('stale-result')).not.toBeInTheDocument();
    expect(screen.getByTestId('check-verdict').className).toContain('ok');
  });

  it('shows a demo badge for the local practice tenant', () => {
    controlledCheck(makeView({ domain: 'demo.haiilo.test', client_id: 'demo', is_demo: true }, 'session'));
    expect(screen.getByTestId('demo-badge')).toHaveTextContent('Local practice tenant — PingOne cannot reach these URLs');
  });
});
