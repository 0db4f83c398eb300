import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import { DOCS, ALL_DOCS } from '../../src/lib/docs';
import { ruleSwitchOffered, switchOnAdvice } from '../../src/lib/golive';
import { GO_LIVE_STEPS, PHASE3_STEPS, WIZARD_ORDER } from '../../src/lib/guide';
import { rowFromResult, SetupSession } from '../../src/lib/session.svelte';
import AfterSetup from '../../src/screens/AfterSetup.svelte';
import Phase3 from '../../src/screens/Phase3.svelte';
import TestConnection from '../../src/screens/TestConnection.svelte';
import { type CheckRun, checkRun, last, lastCheckOf, stepOf, viewOf } from './fixtures';

type Call = { cmd: string; args: Record<string, unknown> };

/**
 * The ready run as it looks with PingOne access after *Apply to PingOne*: PingOne's own
 * connection test and the store passed, the rule was found switched off. Derived from the
 * generated run: the warning's finding is a real one, given the rule's code.
 */
function switchableRun(): CheckRun {
  const run = checkRun('ready');
  const warning = checkRun('ready-with-warning').report.steps.flatMap((s) => s.findings)[0];
  if (!warning) throw new Error('the ready-with-warning run has no finding');
  stepOf(run, 'pingone_cloud_test').status = 'pass';
  stepOf(run, 'pingone_store').status = 'pass';
  const rule = stepOf(run, 'pingone_rule');
  rule.status = 'warn';
  rule.findings = [{ ...warning, code: 'pingone_rule_inactive' }];
  rule.finding = rule.findings[0];
  return run;
}

/** The run's setup, with PingOne access Rust accepted and the worker secret stored. */
function withAccess(view: SetupView): SetupView {
  const env = '9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01';
  return {
    ...view,
    setup: { ...view.setup, pingone: { region: 'eu', environment_id: env, worker_client_id: 'worker-1', auth_url: '', api_url: '' } },
    pingone_access: {
      access: { region: 'eu', environment_id: env, worker_client_id: 'worker-1', auth_url: null, api_url: null },
      notes: [],
    },
    worker_secret: { location: 'keychain', keychain_error: null },
  };
}

/** A session that shows `run` as this session's result (as after running the test). */
function sessionWith(view: SetupView, run: CheckRun | null): SetupSession {
  const session = new SetupSession(view);
  if (run) session.check = { running: false, steps: run.report.steps.map(rowFromResult), report: run.report, error: null };
  return session;
}

function backend(view: SetupView, handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (handlers[cmd]) return handlers[cmd](a);
    if (cmd === 'save_setup') return { ...view, setup: { ...view.setup, ...(a.input as SetupInput) } };
    if (cmd === 'list_setups') return { setups: [], notice: null };
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

const savedSteps = (calls: Call[]) =>
  last(calls.filter((c) => c.cmd === 'save_setup').map((c) => (c.args.input as SetupInput).done_steps));

describe('the rule is switched on after the test', () => {
  it('Phase 3 ends before switching on; the step moved after the test with its id', () => {
    const phase3 = PHASE3_STEPS.map((s) => s.id);
    expect(phase3).toEqual([
      'pingone.rule_create',
      'pingone.rule_connection',
      'pingone.rule_user_filter',
      'pingone.rule_attribute_mapping',
      'pingone.rule_group_provisioning',
    ]);
    expect(GO_LIVE_STEPS.map((s) => s.id)).toEqual(['pingone.rule_enable']);
    expect(WIZARD_ORDER.indexOf('test')).toBeLessThan(WIZARD_ORDER.indexOf('after'));
    expect(PHASE3_STEPS[0].text).toMatch(/toggle off/);
  });

  it('Phase 3 says to leave the rule off and has no tick for switching it on', () => {
    const view = viewOf(checkRun('ready'));
    backend(view);
    render(Phase3, { session: new SetupSession(view), ongo: vi.fn() });
    expect(screen.getByTestId('rule-stays-off')).toHaveTextContent('Leave the rule switched off');
    expect(screen.queryByTestId('step-check-pingone.rule_enable')).toBeNull();
    expect(screen.getAllByRole('checkbox').filter((c) => c.dataset.testid?.startsWith('step-check-'))).toHaveLength(5);
  });

  it('advice: test first, test again, leave it off, or switch it on', () => {
    const ready = checkRun('ready').report;
    const failing = checkRun('wrong-secret').report;
    expect(switchOnAdvice(null, null, false)).toBe('not_tested');
    expect(switchOnAdvice(ready, null, true)).toBe('stale');
    expect(switchOnAdvice(failing, null, false)).toBe('blocked');
    expect(switchOnAdvice(ready, null, false)).toBe('ready');
    // Without a run in this session, the saved result decides.
    expect(switchOnAdvice(null, lastCheckOf(checkRun('ready'), 1), false)).toBe('ready');
    expect(switchOnAdvice(null, lastCheckOf(checkRun('wrong-secret'), 1), false)).toBe('blocked');
    // This session's run outranks an older saved pass.
    expect(switchOnAdvice(failing, lastCheckOf(checkRun('ready'), 1), false)).toBe('blocked');
  });

  it('the app offers its own switch only after PingOne’s test passed with the rule off', () => {
    expect(ruleSwitchOffered(checkRun('ready').report, false, false)).toBe(false);
    expect(ruleSwitchOffered(switchableRun().report, false, false)).toBe(true);
    expect(ruleSwitchOffered(switchableRun().report, true, false)).toBe(false);
    expect(ruleSwitchOffered(switchableRun().report, false, true)).toBe(false);
    const cloudFailed = switchableRun();
    stepOf(cloudFailed, 'pingone_cloud_test').status = 'fail';
    expect(ruleSwitchOffered(cloudFailed.report, false, false)).toBe(false);
  });
});

describe('Test screen: what comes next', () => {
  it('a ready run leads on to Go live; no switch on the Test screen itself', async () => {
    const run = switchableRun();
    const view = withAccess(viewOf(run));
    backend(view);
    const ongo = vi.fn();
    render(TestConnection, { session: sessionWith(view, run), ongo });
    expect(screen.getByTestId('go-live-next')).toHaveTextContent('switches it on for you');
    expect(screen.queryByTestId('rule-switch')).toBeNull();
    await userEvent.setup().click(screen.getByTestId('go-live'));
    expect(ongo).toHaveBeenCalledWith('after');
  });

  it('a failing run says to leave the rule off', () => {
    const run = checkRun('wrong-secret');
    const view = viewOf(run);
    backend(view);
    render(TestConnection, { session: sessionWith(view, run), ongo: vi.fn() });
    expect(screen.getByTestId('go-live-hold')).toHaveTextContent('Leave the PingOne rule switched off');
    expect(screen.queryByTestId('go-live-next')).toBeNull();
  });
});

describe('Go live screen', () => {
  it('without a test it says to test first, and the tick is saved', async () => {
    const view = viewOf(checkRun('ready'));
    const calls = backend(view);
    const ongo = vi.fn();
    render(AfterSetup, { session: sessionWith(view, null), ongo });
    const advice = screen.getByTestId('switch-on-advice');
    expect(advice.dataset.advice).toBe('not_tested');
    expect(advice).toHaveTextContent('Test first');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('go-to-test'));
    expect(ongo).toHaveBeenCalledWith('test');
    expect(screen.queryByTestId('rule-switch')).toBeNull();
    await user.click(screen.getByTestId('step-check-pingone.rule_enable'));
    await waitFor(() => expect(savedSteps(calls)).toEqual(['pingone.rule_enable']));
  });

  it('after a failing test it says to leave the rule off', () => {
    const run = checkRun('wrong-secret');
    const view = viewOf(run);
    backend(view);
    render(AfterSetup, { session: sessionWith(view, run), ongo: vi.fn() });
    expect(screen.getByTestId('switch-on-advice').dataset.advice).toBe('blocked');
    expect(screen.getByTestId('switch-on-advice')).toHaveTextContent('Leave the rule off');
  });

  it('with PingOne access and PingOne’s test passed, the app switches the rule on and ticks the step', async () => {
    const run = switchableRun();
    const view = withAccess(viewOf(run));
    const calls = backend(view, { pingone_switch_rule_on: () => ({ rule_name: 'Haiilo (acme.haiilo.app)' }) });
    const ongo = vi.fn();
    render(AfterSetup, { session: sessionWith(view, run), ongo });
    expect(screen.getByTestId('switch-on-advice').dataset.advice).toBe('ready');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('rule-switch-on'));
    // It asks once more: nothing is written before the confirmation.
    expect(calls.some((c) => c.cmd === 'pingone_switch_rule_on')).toBe(false);
    await user.click(screen.getByTestId('rule-switch-confirm'));
    await waitFor(() => expect(screen.getByTestId('rule-switched')).toHaveTextContent('is on'));
    await waitFor(() => expect(savedSteps(calls)).toContain('pingone.rule_enable'));
    await user.click(within(screen.getByTestId('rule-switch')).getByRole('button', { name: 'Run the test again' }));
    expect(ongo).toHaveBeenCalledWith('test');
  });

  it('a refused switch keeps the step unticked and says why', async () => {
    const run = switchableRun();
    const view = withAccess(viewOf(run));
    const calls = backend(view, {
      pingone_switch_rule_on: () => {
        throw { code: 'switch_on_refused', message: 'PingOne refused: the worker app lacks the Environment Admin role.' };
      },
    });
    render(AfterSetup, { session: sessionWith(view, run), ongo: vi.fn() });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('rule-switch-on'));
    await user.click(screen.getByTestId('rule-switch-confirm'));
    await waitFor(() => expect(screen.getByTestId('rule-switch-error')).toHaveTextContent('Environment Admin'));
    expect(calls.filter((c) => c.cmd === 'save_setup')).toHaveLength(0);
  });

  it('explains the sync counts, disable vs delete, groups and profile fields, and marks the unconfirmed', () => {
    const view = viewOf(checkRun('ready'));
    backend(view);
    render(AfterSetup, { session: sessionWith(view, null), ongo: vi.fn() });
    const counts = within(screen.getByTestId('sync-counts'));
    for (const label of ['Impacted', 'Success', 'Unsynced', 'Partial Synced', 'Failed']) expect(counts.getByText(label)).toBeTruthy();
    expect(screen.getByTestId('after-sync')).toHaveTextContent('Resync');
    expect(screen.getByTestId('after-sync')).toHaveTextContent('Audit logs');
    expect(screen.getByTestId('remove-action-disable')).toHaveTextContent('active');
    expect(screen.getByTestId('remove-action-delete')).toHaveTextContent('deprovision policy');
    expect(screen.getByTestId('after-groups')).toHaveTextContent('1,000 groups per rule');
    expect(screen.getByTestId('after-groups')).toHaveTextContent('profileField_department');
    const marks = screen.getAllByTestId('unconfirmed');
    expect(marks.length).toBeGreaterThanOrEqual(4);
    for (const mark of marks) expect(mark.getAttribute('title')).toMatch(/^Not confirmed by public PingOne or Haiilo documentation: \S/);
  });

  it('documentation links open through open_link; a refusal is shown next to the link', async () => {
    const view = viewOf(checkRun('ready'));
    const calls = backend(view, {
      open_link: (args) => {
        if (args.url === DOCS.haiiloStatuses.url) throw { code: 'open_failed', message: 'Could not open the browser: no handler' };
        return null;
      },
    });
    render(AfterSetup, { session: sessionWith(view, null), ongo: vi.fn() });
    const list = within(screen.getByTestId('after-docs'));
    const links = list.getAllByTestId('doc-link');
    expect(links.map((l) => l.dataset.doc)).toEqual(ALL_DOCS.map((d) => d.id));
    const user = userEvent.setup();
    await user.click(links.find((l) => l.dataset.doc === DOCS.viewSyncStatus.id)!);
    expect(calls.filter((c) => c.cmd === 'open_link').map((c) => c.args.url)).toEqual([DOCS.viewSyncStatus.url]);
    await user.click(links.find((l) => l.dataset.doc === DOCS.haiiloStatuses.id)!);
    await waitFor(() => expect(list.getByTestId('doc-link-error')).toHaveTextContent('Could not open the browser'));
  });

  it('every documentation link is https on a host the app opens', () => {
    for (const doc of ALL_DOCS) {
      const url = new URL(doc.url);
      expect(url.protocol).toBe('https:');
      expect(['docs.pingidentity.com', 'support.haiilo.com']).toContain(url.host);
    }
  });
});
