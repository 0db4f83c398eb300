import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { NewPairOutcome } from '../../src/lib/bindings/NewPairOutcome';
import type { SecretState } from '../../src/lib/bindings/SecretState';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import { SetupSession } from '../../src/lib/session.svelte';
import SecretRotation from '../../src/components/SecretRotation.svelte';
import { checkRun, viewOf } from './fixtures';

type Call = { cmd: string; args: Record<string, unknown> };
const NONE: SecretState = { location: 'none', keychain_error: null };
const KEYCHAIN: SecretState = { location: 'keychain', keychain_error: null };

function setup(
  handlers: Record<string, (args: Record<string, unknown>) => unknown> = {},
  pending: SecretState = NONE,
  pendingClientId = '',
): { calls: Call[]; session: SetupSession; view: SetupView; ongo: ReturnType<typeof vi.fn> } {
  const base = viewOf(checkRun('ready'), 'keychain');
  const view = { ...base, setup: { ...base.setup, pending_client_id: pendingClientId } };
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (handlers[cmd]) return handlers[cmd](a);
    if (cmd === 'new_pair_state') return pending;
    if (cmd === 'store_secret') return KEYCHAIN;
    if (cmd === 'save_setup') return view;
    throw new Error(`unexpected ${cmd}`);
  });
  const session = new SetupSession(view);
  const ongo = vi.fn();
  render(SecretRotation, { session, ongo });
  return { calls, session, view, ongo };
}

/** Types the new Client ID and stores the new secret, as the admin would. */
async function enterNewPair(user = userEvent.setup()) {
  await user.type(screen.getByTestId('new-client-id'), 'client-new-2');
  await user.type(screen.getByTestId('new-secret-input'), 'new-Secret+2');
  await user.click(screen.getByTestId('new-secret-save'));
  await waitFor(() => expect(screen.getByTestId('new-secret-status')).toHaveTextContent('system keychain'));
  return user;
}

describe('changing the Haiilo client pair', () => {
  it('needs the new Client ID and secret before it tests anything', async () => {
    const { calls } = setup();
    expect(screen.getByTestId('new-pair-missing')).toHaveTextContent('enter the new Client ID, store the new Client Secret');
    await userEvent.setup().click(screen.getByTestId('test-new-pair'));
    expect(calls.some((c) => c.cmd === 'test_new_pair')).toBe(false);
  });

  it('stores the new secret aside, not over the one in use', async () => {
    const { calls, session } = setup();
    await enterNewPair();
    const store = calls.find((c) => c.cmd === 'store_secret');
    expect(store?.args).toMatchObject({ secret: 'new-Secret+2', kind: 'haiilo_pending', sessionOnly: false });
    expect(session.secret.location).toBe('keychain');
    expect(session.pendingSecret.location).toBe('keychain');
    expect(screen.queryByTestId('new-pair-missing')).toBeNull();
  });

  it('a pair Haiilo refuses leaves the old one in use and says why', async () => {
    const refused = checkRun('wrong-secret').report;
    const { calls, session, view } = setup({
      test_new_pair: (): NewPairOutcome => ({
        promoted: false,
        message: 'The old pair stays in use, nothing changed. The test with the new pair failed at Token: refused.',
        report: refused,
        view,
      }),
    });
    const user = await enterNewPair();
    await user.click(screen.getByTestId('test-new-pair'));
    const result = await screen.findByTestId('new-pair-result');
    expect(result.dataset.promoted).toBe('false');
    expect(result).toHaveTextContent('The old pair stays in use');
    const codes = within(result).getAllByTestId('new-pair-item').map((i) => i.dataset.code);
    expect(codes).toContain('invalid_client');
    expect(calls.find((c) => c.cmd === 'test_new_pair')?.args).toEqual({ id: view.setup.id, clientId: 'client-new-2' });
    // Saved with the setup before the test, so a restart keeps it.
    expect(calls.find((c) => c.cmd === 'save_setup')?.args.input).toMatchObject({ pending_client_id: 'client-new-2' });
    expect(session.draft.client_id).toBe(view.setup.client_id);
    expect(screen.getByTestId('pair-in-use')).toHaveTextContent(view.setup.client_id);
    // The new secret still waits, for another try.
    expect(screen.getByTestId('new-secret-status')).toHaveTextContent('system keychain');
  });

  it('a pair Haiilo accepts becomes the setup’s: new Client ID, nothing pending', async () => {
    const accepted = checkRun('ready').report;
    const { session, view } = setup({
      test_new_pair: (): NewPairOutcome => ({
        promoted: true,
        message: 'Haiilo accepts the new pair: it is now this setup’s Client ID and Client Secret. Next, give it to PingOne.',
        report: accepted,
        view: { ...view, setup: { ...view.setup, client_id: 'client-new-2', pending_client_id: '' } },
      }),
    });
    const user = await enterNewPair();
    await user.click(screen.getByTestId('test-new-pair'));
    const result = await screen.findByTestId('new-pair-result');
    expect(result.dataset.promoted).toBe('true');
    expect(result).toHaveTextContent('give it to PingOne');
    expect(session.draft.client_id).toBe('client-new-2');
    expect(screen.getByTestId('pair-in-use')).toHaveTextContent('client-new-2');
    expect(session.pendingSecret.location).toBe('none');
    expect(screen.getByTestId('new-secret-input')).toBeTruthy();
    expect(screen.getByTestId('new-client-id')).toHaveValue('');
    await user.click(screen.getByTestId('rotation-to-phase2'));
    expect(session.draft.client_id).toBe('client-new-2');
  });

  it('a change started before a restart is picked up, Client ID and secret; an error is shown, nothing changes', async () => {
    const { calls, session, view } = setup(
      {
        test_new_pair: () => {
          throw { code: 'secret_missing', message: 'Store the new pair’s Client Secret first: the test signs in with it.' };
        },
      },
      KEYCHAIN,
      'client-new-2',
    );
    await waitFor(() => expect(screen.getByTestId('new-secret-status')).toHaveTextContent('system keychain'));
    expect(screen.getByTestId('new-client-id')).toHaveValue('client-new-2');
    expect(screen.queryByTestId('new-pair-missing')).toBeNull();
    await userEvent.setup().click(screen.getByTestId('test-new-pair'));
    await waitFor(() => expect(screen.getByTestId('new-pair-error')).toHaveTextContent('Store the new pair’s Client Secret first'));
    expect(calls.find((c) => c.cmd === 'test_new_pair')?.args).toEqual({ id: view.setup.id, clientId: 'client-new-2' });
    expect(session.draft.client_id).toBe(view.setup.client_id);
    expect(screen.queryByTestId('new-pair-result')).toBeNull();
  });
});
