import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { GroupProvisioning } from '../../src/lib/bindings/GroupProvisioning';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import Phase3 from '../../src/screens/Phase3.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { last, makeView } from './fixtures';

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
