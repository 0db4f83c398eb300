import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ApplyPlan } from '../../src/lib/bindings/ApplyPlan';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import Phase2 from '../../src/screens/Phase2.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { last, makeView } from './fixtures';

type Call = { cmd: string; args: Record<string, unknown> };
type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

const ENV = '9e3f4a52-1c7b-4f0e-8d2a-5b6c7d8e9f01';

/** A setup with its Haiilo side complete, as Rust shows it. */
function haiiloReady(): SetupView {
  return makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }, 'keychain');
}

/** The same setup with PingOne access that Rust accepted, and the worker secret stored. */
function withAccess(): SetupView {
  const view = haiiloReady();
  const fields = { region: 'eu', environment_id: ENV, worker_client_id: 'worker-1', auth_url: '', api_url: '' };
  return {
    ...view,
    setup: { ...view.setup, pingone: fields },
    pingone_access: {
      access: { region: 'eu', environment_id: ENV, worker_client_id: 'worker-1', auth_url: null, api_url: null },
      notes: [],
    },
    worker_secret: { location: 'keychain', keychain_error: null },
  };
}

/** A plan of the shape Rust's `plan_apply` returns: a new environment, everything created. */
function planFor(action: 'create' | 'unchanged'): ApplyPlan {
  const resource = (resource: ApplyPlan['resources'][number]['resource'], name: string) => ({
    resource,
    name,
    id: action === 'create' ? null : `${resource}-id`,
    action,
    changes:
      action === 'create' && resource === 'scim_store'
        ? [
            { field: 'SCIM_URL', label: 'SCIM BASE URL', from: null, to: 'https://acme.haiilo.app/api/scim/v2' },
            { field: 'OAUTH_CLIENT_SECRET', label: 'OAuth Client Secret', from: null, to: 'changed' },
          ]
        : [],
  });
  return {
    resources: [
      resource('directory_store', 'PingOne Directory'),
      resource('plan', 'Default Plan'),
      resource('scim_store', 'Haiilo (acme.haiilo.app)'),
      resource('rule', 'Haiilo (acme.haiilo.app)'),
      resource('revision', ''),
    ],
    notes: action === 'create' ? ['The rule stays switched off; switch it on after PingOne’s own connection test has passed.'] : [],
  };
}

function setup(view: SetupView, override: Handler = () => undefined) {
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const answer = override(cmd, args);
    if (answer !== undefined) return answer;
    switch (cmd) {
      case 'save_setup': {
        const input = args.input as SetupInput;
        return { ...view, setup: { ...view.setup, ...input } };
      }
      case 'store_secret':
        return { location: 'keychain', keychain_error: null };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  const session = new SetupSession(view);
  render(Phase2, { session, ongo: vi.fn() });
  return { calls, session };
}

describe('Phase 2 · PingOne access', () => {
  it('is optional and closed without access; what is typed is saved as typed and Rust’s objection shown', async () => {
    const user = userEvent.setup();
    const pasted = `https://console.pingone.eu/?env=${ENV}#/home`;
    const { calls } = setup(haiiloReady(), (cmd, args) => {
      if (cmd !== 'save_setup') return undefined;
      const input = args.input as SetupInput;
      const view = haiiloReady();
      return {
        ...view,
        setup: { ...view.setup, ...input },
        pingone_access_error: { code: 'pingone_access_invalid', message: 'Enter the Client ID of the PingOne worker application.' },
      };
    });
    expect(screen.queryByTestId('pingone-region')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('pingone-access-toggle'));
    expect(screen.getByTestId('worker-howto')).toHaveTextContent('Environment Admin');
    await user.selectOptions(screen.getByTestId('pingone-region'), 'eu');
    await user.type(screen.getByTestId('pingone-environment'), pasted);
    await waitFor(() => expect(screen.getByTestId('pingone-access-error')).toHaveTextContent('worker application'));
    // The save is debounced: wait for the one with everything typed.
    const saved = () => calls.filter((c) => c.cmd === 'save_setup').map((c) => (c.args.input as SetupInput).pingone);
    await waitFor(() =>
      expect(last(saved())).toEqual({ region: 'eu', environment_id: pasted, worker_client_id: '', auth_url: '', api_url: '' }),
    );
    expect(screen.getByTestId('pingone-environment')).toHaveValue(pasted);
    expect(screen.getByTestId('pingone-apply-missing')).toHaveTextContent('complete PingOne access above');
    expect(calls.some((c) => c.cmd === 'pingone_plan')).toBe(false);
  });

  it('the worker secret goes to its own keychain entry, never to the Haiilo one', async () => {
    const user = userEvent.setup();
    const view = withAccess();
    const { calls } = setup({ ...view, worker_secret: { location: 'none', keychain_error: null } });
    await user.type(screen.getByTestId('worker-secret-input'), 'w0rker+Secret');
    await user.click(screen.getByTestId('worker-secret-save'));
    await waitFor(() => expect(screen.getByTestId('worker-secret-status')).toHaveTextContent('Stored in the system keychain'));
    expect(calls.find((c) => c.cmd === 'store_secret')?.args).toEqual({
      id: 'setup-1',
      secret: 'w0rker+Secret',
      sessionOnly: false,
      leftovers: 'refuse',
      kind: 'pingone_worker',
    });
    expect(document.body.innerHTML).not.toContain('w0rker+Secret');
  });
});

describe('Phase 2 · Apply to PingOne', () => {
  it('shows the plan first and writes only after the admin confirms it', async () => {
    const user = userEvent.setup();
    const plan = planFor('create');
    const { calls } = setup(withAccess(), (cmd) => {
      if (cmd === 'pingone_plan') return { plan, findings: [], console_url: `https://console.pingone.eu/?env=${ENV}` };
      if (cmd === 'pingone_apply') {
        return {
          plan,
          written: plan.resources.map((r) => ({ resource: r.resource, name: r.name, action: 'create', id: 'new' })),
          findings: [],
        };
      }
      return undefined;
    });
    await user.click(screen.getByTestId('pingone-plan'));
    const shown = await screen.findByTestId('pingone-plan-view');
    expect(within(shown).getAllByTestId('plan-resource').map((r) => r.dataset.action)).toEqual(Array(5).fill('create'));
    const secretRow = within(shown).getAllByTestId('plan-change').find((r) => r.dataset.field === 'OAUTH_CLIENT_SECRET');
    expect(secretRow).toHaveTextContent('changed');
    expect(calls.filter((c) => c.cmd === 'pingone_plan').map((c) => c.args)).toEqual([{ id: 'setup-1', resendSecret: false }]);
    expect(calls.some((c) => c.cmd === 'pingone_apply')).toBe(false);

    await user.click(screen.getByTestId('pingone-apply-confirm'));
    const result = await screen.findByTestId('pingone-apply-result');
    expect(within(result).getAllByTestId('written-resource')).toHaveLength(5);
    expect(calls.filter((c) => c.cmd === 'pingone_apply').map((c) => c.args)).toEqual([{ id: 'setup-1', resendSecret: false }]);
    expect(screen.queryByTestId('pingone-plan-view')).not.toBeInTheDocument();
  });

  it('when PingOne changed meanwhile, nothing is written and the new plan is shown to confirm again', async () => {
    const user = userEvent.setup();
    let plans = 0;
    setup(withAccess(), (cmd) => {
      if (cmd === 'pingone_plan') {
        plans += 1;
        return { plan: planFor(plans === 1 ? 'create' : 'unchanged'), findings: [], console_url: '' };
      }
      if (cmd === 'pingone_apply') {
        throw { code: 'plan_changed', message: 'PingOne changed since the plan was shown, so nothing was written.' };
      }
      return undefined;
    });
    await user.click(screen.getByTestId('pingone-plan'));
    await screen.findByTestId('pingone-apply-confirm');
    await user.click(screen.getByTestId('pingone-apply-confirm'));
    await waitFor(() => expect(screen.getByTestId('pingone-apply-error')).toHaveTextContent('nothing was written'));
    expect(await screen.findByTestId('pingone-plan-unchanged')).toHaveTextContent('nothing to write');
    expect(screen.queryByTestId('pingone-apply-confirm')).not.toBeInTheDocument();
  });

  it('a refused worker app is shown as PingOne’s finding, with no plan to confirm', async () => {
    const user = userEvent.setup();
    setup(withAccess(), (cmd) =>
      cmd === 'pingone_plan'
        ? {
            plan: null,
            findings: [
              {
                code: 'pingone_role_missing',
                severity: 'error',
                summary: 'PingOne refused the worker application: it lacks the Environment Admin role.',
                detail: '',
                fix: 'Give the worker application the Environment Admin role.',
                evidence: null,
              },
            ],
            console_url: '',
          }
        : undefined,
    );
    await user.click(screen.getByTestId('pingone-plan'));
    const shown = await screen.findByTestId('pingone-plan-view');
    expect(within(shown).getByTestId('finding-code')).toHaveTextContent('pingone_role_missing');
    expect(screen.queryByTestId('pingone-apply-confirm')).not.toBeInTheDocument();
  });
});
