import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, within, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import Phase2 from '../../src/screens/Phase2.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { makeView, viewFromRust } from './fixtures';

type Call = { cmd: string; args: Record<string, unknown> };

function setup(view = viewFromRust('acme', 'keychain'), copySecret: () => unknown = () => 45) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === 'copy_text') return null;
    if (cmd === 'copy_secret') return copySecret();
    if (cmd === 'save_setup') return view;
    throw new Error(`unexpected ${cmd}`);
  });
  const session = new SetupSession(view);
  const ongo = vi.fn();
  render(Phase2, { session, ongo });
  return { calls, session, ongo };
}

function row(label: string): HTMLElement {
  const rows = screen.getAllByTestId('field-row');
  const found = rows.find((r) => r.dataset.label === label);
  if (!found) throw new Error(`no row ${label}`);
  return found;
}

describe('Phase 2 · copy values', () => {
  it('shows PingOne’s form rows in order with their exact values', () => {
    setup();
    const labels = screen.getAllByTestId('field-row').map((r) => r.dataset.label);
    expect(labels).toEqual([
      'SCIM BASE URL',
      'SCIM Version',
      'Users Resource',
      'Groups Resource',
      'Authentication Method',
      'OAuth Token Request',
      'OAuth Client ID',
      'Auth Type Header',
      'OAuth Client Secret',
    ]);
    expect(within(row('SCIM BASE URL')).getByTestId('field-value')).toHaveTextContent(/^https:\/\/acme\.haiilo\.app\/api\/scim\/v2$/);
    expect(within(row('OAuth Client ID')).getByTestId('field-value')).toHaveTextContent(/^client-1$/);
    expect(within(row('OAuth Client Secret')).getByTestId('field-value')).toHaveTextContent(/keychain/);
  });

  it('a copy button sends exactly that value to copy_text and confirms it', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.click(within(row('OAuth Token Request')).getByTestId('field-copy'));
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('Copied OAuth Token Request.'));
    expect(calls.filter((c) => c.cmd === 'copy_text')).toEqual([
      { cmd: 'copy_text', args: { text: 'https://acme.haiilo.app/api/oauth/token' } },
    ]);
  });

  it('“Copy all values” copies label: value lines and never the secret', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.click(screen.getByTestId('copy-all'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'copy_text')).toBe(true));
    const text = calls.find((c) => c.cmd === 'copy_text')?.args.text as string;
    expect(text.split('\n')).toEqual([
      'SCIM BASE URL: https://acme.haiilo.app/api/scim/v2',
      'SCIM Version: 2.0',
      'Users Resource: /Users',
      'Groups Resource: /Groups',
      'Authentication Method: OAuth 2 Client Credentials',
      'OAuth Token Request: https://acme.haiilo.app/api/oauth/token',
      'OAuth Client ID: client-1',
      'Auth Type Header: Bearer',
    ]);
    expect(text).not.toMatch(/Secret/);
  });

  it('“Copy secret” copies on the Rust side and says when the clipboard is cleared', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.click(screen.getByTestId('copy-secret'));
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('cleared in 45 seconds'));
    expect(calls).toEqual([{ cmd: 'copy_secret', args: { id: 'setup-1' } }]);
  });

  it('secret_missing on copy says so and links back to Phase 1', async () => {
    const user = userEvent.setup();
    const { ongo } = setup(viewFromRust('acme', 'keychain'), () => {
      throw { code: 'secret_missing', message: 'No client secret is stored for this setup yet.' };
    });
    await user.click(screen.getByTestId('copy-secret'));
    await waitFor(() => expect(screen.getByTestId('copy-status')).toHaveTextContent('No Client Secret is stored'));
    expect(within(row('OAuth Client Secret')).getByTestId('field-value')).toHaveTextContent('Not stored yet');
    await user.click(screen.getByRole('button', { name: 'Store it in Phase 1' }));
    expect(ongo).toHaveBeenCalledWith('phase1');
  });

  it('without a valid domain it explains why there are no values and links to Phase 1', async () => {
    const user = userEvent.setup();
    const view = makeView({ domain: '' });
    view.endpoint_error = { code: 'no_dot', message: "'acme' is not a full domain name (it has no dot)." };
    const { ongo } = setup(view);
    expect(screen.queryAllByTestId('field-row')).toHaveLength(0);
    expect(screen.getByText(/is not a full domain name/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Enter the domain in Phase 1' }));
    expect(ongo).toHaveBeenCalledWith('phase1');
  });

  it('the Configure Preferences note warns that the Unique User Identifier is final', () => {
    setup();
    expect(screen.getByTestId('preferences-note')).toHaveTextContent(/Unique User Identifier.*cannot be changed/);
  });
});
