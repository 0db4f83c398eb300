import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import Phase3 from '../../src/screens/Phase3.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { expectNoError, expectPointsAtError } from './aria';
import { makeView } from './fixtures';

/** Phase 3 with a save that Rust refuses while `refuse` says so. */
function setup(refuse: { code: string; message: string } | null) {
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    if (cmd === 'save_setup') {
      if (refuse) throw refuse;
      return makeView({ ...(args.input as SetupInput) }, 'keychain');
    }
    throw new Error(`unexpected ${cmd}`);
  });
  const session = new SetupSession(makeView({ domain: 'acme.haiilo.app', client_id: 'cid' }, 'keychain'));
  render(Phase3, { session, ongo: vi.fn() });
  return session;
}

describe('Phase 3 · invalid fields point at their error message', () => {
  it('the groups note and the group choice when Rust refuses to save them', async () => {
    const user = userEvent.setup();
    const refused = { code: 'storage_failed', message: 'Could not write the saved setups: disk full.' };
    setup(refused);
    const note = screen.getByTestId('groups-note');
    expectNoError(note, refused.message);
    expect(note).toHaveAccessibleDescription(expect.stringContaining('A note for you and your colleagues'));
    await user.click(screen.getByTestId('group-provisioning-users-and-groups'));
    await user.type(note, 'All Staff');
    await waitFor(() => expect(note).toHaveAttribute('aria-invalid', 'true'));
    expectPointsAtError(note, refused.message);
    // The hint is still read, before the error.
    expect(note).toHaveAccessibleDescription(expect.stringContaining('A note for you and your colleagues'));
    const choice = screen.getByRole('group', { name: 'What should PingOne send to Haiilo?' });
    expect(choice).toHaveAccessibleDescription(expect.stringContaining(refused.message));
  });
});
