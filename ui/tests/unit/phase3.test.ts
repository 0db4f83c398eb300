import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { GroupProvisioning } from '../../src/lib/bindings/GroupProvisioning';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import Phase3 from '../../src/screens/Phase3.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { expectNoError, expectPointsAtError } from './aria';
import { last, makeView } from './fixtures';

/** Phase 3 with a save that Rust refuses while `refuse` says so. */
function setupRefusing(refuse: { code: string; message: string } | null) {
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
    setupRefusing(refused);
    // The box is asked for only when groups are sent.
    await user.click(screen.getByTestId('group-provisioning-users-and-groups'));
    const note = screen.getByTestId('groups-note');
    expectNoError(note, refused.message);
    expect(note).toHaveAccessibleDescription(expect.stringContaining('A note for you and your colleagues'));
    await user.type(note, 'All Staff');
    await waitFor(() => expect(note).toHaveAttribute('aria-invalid', 'true'));
    expectPointsAtError(note, refused.message);
    // The hint is still read, before the error.
    expect(note).toHaveAccessibleDescription(expect.stringContaining('A note for you and your colleagues'));
    const choice = screen.getByRole('group', { name: 'What should PingOne send to Haiilo?' });
    expect(choice).toHaveAccessibleDescription(expect.stringContaining(refused.message));
  });
});

type Call = { cmd: string; args: Record<string, unknown> };

function setup(choice: GroupProvisioning, groupsNote = '') {
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === 'save_setup') return makeView({ ...(args.input as SetupInput) });
    throw new Error(`unexpected ${cmd}`);
  });
  const session = new SetupSession(
    makeView({ domain: 'acme.haiilo.app', group_provisioning: choice, groups_note: groupsNote }),
  );
  render(Phase3, { session, ongo: vi.fn() });
  return { calls, session };
}

const groupsBox = () => screen.queryByRole('textbox', { name: 'Which PingOne groups to sync' });

describe('Phase 3 · which groups to sync', () => {
  it('asks which groups only when groups are sent', async () => {
    const user = userEvent.setup();
    setup('undecided');
    expect(groupsBox()).not.toBeInTheDocument();

    await user.click(screen.getByTestId('group-provisioning-users-and-groups'));
    expect(groupsBox()).toBeInTheDocument();

    await user.click(screen.getByTestId('group-provisioning-users-only'));
    expect(groupsBox()).not.toBeInTheDocument();
  });

  it('a setup saved with users only opens without the box', () => {
    setup('users_only', 'All Staff');
    expect(screen.getByTestId('group-provisioning-users-only')).toBeChecked();
    expect(groupsBox()).not.toBeInTheDocument();
    expect(screen.queryByText(/Which PingOne groups/)).not.toBeInTheDocument();
  });

  it('the groups typed are kept while users only is chosen, and come back with the box', async () => {
    const user = userEvent.setup();
    const { calls, session } = setup('users_and_groups');
    await user.type(groupsBox()!, 'All Staff, Sales');
    await user.click(screen.getByTestId('group-provisioning-users-only'));
    expect(groupsBox()).not.toBeInTheDocument();
    await session.settle();
    const saved = calls.filter((c) => c.cmd === 'save_setup').map((c) => c.args.input as SetupInput);
    expect(last(saved)).toMatchObject({ group_provisioning: 'users_only', groups_note: 'All Staff, Sales' });

    await user.click(screen.getByTestId('group-provisioning-users-and-groups'));
    await waitFor(() => expect(groupsBox()).toHaveValue('All Staff, Sales'));
  });
});
