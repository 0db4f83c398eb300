import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CheckEvent } from '../../src/lib/bindings/CheckEvent';
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import TestConnection from '../../src/screens/TestConnection.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { LIST_PASS, TOKEN_FAIL, TOKEN_PASS, USERS, makeView, report } from './fixtures';

declare global {
  interface Window {
    __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
  }
}

/** Lets the test push check events through the real Channel, then finish the run. */
function controlledCheck(view: SetupView = makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }, 'keychain')) {
  let channelId = -1;
  let index = 0;
  let finish: (r: CheckReport) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const started = vi.fn();
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
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

    await waitFor(() => expect(screen.getByTestId('check-verdict')).toHaveTextContent('All checks passed — ready for PingOne'));
    expect(screen.getByTestId('users-total')).toHaveTextContent('1,234 users in Haiilo');
    const rows = screen.getAllByTestId('user-row');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toHaveTextContent('user0@acme.example');
    expect(rows[0]).toHaveTextContent('User 0');
    expect(rows[2]).toHaveTextContent('Inactive');
    expect(screen.getByTestId('run-check')).toHaveTextContent('Run again');
    // The stepper's "Test done" comes from the last check.
    expect(run.session.lastCheck?.ok).toBe(true);
  });

  it('a failing step shows the finding’s summary, its fix prominently, and details on demand', async () => {
    const user = userEvent.setup();
    const run = controlledCheck();
    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(run.started).toHaveBeenCalled());
    run.send({ event: 'step_started', id: 'token', title: 'Get an access token' });
    run.send({ event: 'step_finished', ...TOKEN_FAIL });
    const skipped = { ...LIST_PASS, status: 'skip' as const, duration_ms: 0, summary: 'Skipped: needs a token.' };
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
    expect(screen.getByText('HTTP 401')).toBeVisible();
    expect(screen.queryByTestId('users-total')).not.toBeInTheDocument();
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

  it('shows a demo badge for the local practice tenant', () => {
    controlledCheck(makeView({ domain: 'demo.haiilo.test', client_id: 'demo', is_demo: true }, 'session'));
    expect(screen.getByTestId('demo-badge')).toHaveTextContent('Local practice tenant — PingOne cannot reach these URLs');
  });
});
