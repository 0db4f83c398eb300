import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { EndpointPreview } from '../../src/lib/bindings/EndpointPreview';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import Phase1 from '../../src/screens/Phase1.svelte';
import { SetupSession } from '../../src/lib/session.svelte';
import { expectNoError, expectPointsAtError } from './aria';
import { derivedView, endpointsFor, last, makeView } from './fixtures';

type Call = { cmd: string; args: Record<string, unknown> };
type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

/** A small stand-in for the Rust normaliser. */
/** Rust's preview for the pasted URL the tests type; a rough one for what is typed before it. */
function preview(domain: string): EndpointPreview {
  const pasted = derivedView('pasted-url');
  if (domain === pasted.domain) return { endpoints: pasted.endpoints, error: null, field: null };
  const d = domain.trim();
  if (!d) return { endpoints: null, error: { code: 'empty', message: 'Enter your Haiilo domain.' }, field: 'domain' };
  if (d.includes('@')) {
    return {
      endpoints: null,
      error: {
        code: 'email_address',
        message: 'This looks like an e-mail address. The Haiilo domain is the address of your Haiilo web app.',
      },
      field: 'domain',
    };
  }
  const notes: string[] = [];
  let host = d.replace(/^https?:\/\//i, '');
  if (/\/users$/i.test(host)) notes.push('Removed /Users from the end.');
  host = host.split('/')[0].toLowerCase();
  return { endpoints: endpointsFor(host, notes), error: null, field: null };
}

function setup(override: Handler = () => undefined, view = makeView()) {
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const answer = override(cmd, args);
    if (answer !== undefined) return answer;
    switch (cmd) {
      case 'preview_endpoints':
        return preview(args.domain as string);
      case 'save_setup': {
        const input = args.input as SetupInput;
        return makeView({ ...input }, 'none');
      }
      case 'store_secret':
        // As Rust does: white space around the secret is refused unless the admin chose to
        // trim it (Rust trims) or keep it.
        if (args.leftovers === 'refuse' && /^\s|\s$/.test(args.secret as string)) {
          throw { code: 'secret_whitespace', message: 'The secret you pasted has a space, line break or invisible character at its end.' };
        }
        return { location: args.sessionOnly ? 'session' : 'keychain', keychain_error: null };
      case 'remove_secret':
        return { location: 'none', keychain_error: null };
      case 'open_link':
        return null;
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  const session = new SetupSession(view);
  render(Phase1, { session, ongo: vi.fn() });
  return { calls, session };
}

describe('Phase 1 · Haiilo domain', () => {
  it('typing a domain shows the SCIM base URL and the normalisation notes, debounced', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    const pasted = derivedView('pasted-url');
    await user.type(screen.getByTestId('domain-input'), pasted.domain);
    await waitFor(() => expect(screen.getByTestId('domain-scim-url')).toHaveTextContent(pasted.endpoints.scim_base_url));
    expect(pasted.endpoints.notes.length).toBeGreaterThan(0);
    for (const note of pasted.endpoints.notes) expect(screen.getByTestId('domain-notes')).toHaveTextContent(note);
    // Debounced: far fewer previews than keystrokes, and the last one asked about the full text.
    const previews = calls.filter((c) => c.cmd === 'preview_endpoints');
    expect(previews.length).toBeLessThan(10);
    expect(last(previews)?.args.domain).toBe(pasted.domain);
    // …and what was typed is saved exactly as typed.
    await waitFor(() =>
      expect(calls.some((c) => c.cmd === 'save_setup' && (c.args.input as SetupInput).domain === pasted.domain)).toBe(true),
    );
  });

  it('opens the tenant in the browser through open_link', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.type(screen.getByTestId('domain-input'), 'acme.haiilo.app');
    await user.click(await screen.findByRole('button', { name: 'Open Haiilo in your browser' }));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'open_link')?.args).toEqual({ url: 'https://acme.haiilo.app/' }));
  });

  it('an unusable domain shows Rust’s message instead of a URL', async () => {
    const user = userEvent.setup();
    setup();
    await user.type(screen.getByTestId('domain-input'), 'admin@acme.haiilo.app');
    await waitFor(() => expect(screen.getByTestId('domain-error')).toHaveTextContent('This looks like an e-mail address.'));
    expect(screen.queryByTestId('domain-scim-url')).not.toBeInTheDocument();
    expect(screen.getByTestId('domain-input')).toHaveAttribute('aria-invalid', 'true');
  });

  it('a pasted credential that Rust refuses is shown once, and what was typed stays in the field', async () => {
    const user = userEvent.setup();
    const refused = {
      code: 'credential_pasted',
      message: 'The Haiilo domain contains an Authorization header value, not an address.',
    };
    const { calls, session } = setup((cmd, args) => {
      if (cmd === 'preview_endpoints' && String(args.domain).startsWith('Bearer')) return { endpoints: null, error: refused };
      if (cmd === 'save_setup') throw refused;
    });
    await user.type(screen.getByTestId('domain-input'), 'Bearer abc');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'save_setup')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('domain-error')).toHaveTextContent(refused.message));
    expect(screen.getAllByText(refused.message, { exact: false })).toHaveLength(1);
    expect(screen.getByTestId('domain-input')).toHaveValue('Bearer abc');
    // The preview names the setup, so Rust can recognise its stored secret pasted here.
    expect(last(calls.filter((c) => c.cmd === 'preview_endpoints'))?.args.id).toBe(session.id);
  });

  it('a failed save keeps what was typed and shows the error next to the field', async () => {
    const user = userEvent.setup();
    setup((cmd) => {
      if (cmd === 'save_setup') throw { code: 'storage_failed', message: 'Could not write the saved setups: disk full.' };
    });
    await user.type(screen.getByTestId('client-id-input'), 'client-42');
    await waitFor(() => expect(screen.getByText('Could not write the saved setups: disk full.')).toBeInTheDocument());
    expect(screen.getByTestId('client-id-input')).toHaveValue('client-42');
    expect(screen.getByTestId('client-id-input')).toHaveAttribute('aria-invalid', 'true');
  });

  it('the Advanced URLs are saved and previewed instead of the domain', async () => {
    const user = userEvent.setup();
    const { calls } = setup((cmd, args) => {
      if (cmd === 'preview_endpoints' && args.advanced) {
        const adv = args.advanced as { scim_base_url: string; token_url: string };
        return { endpoints: { host: 'proxy', scim_base_url: adv.scim_base_url, token_url: adv.token_url, notes: [] }, error: null };
      }
    });
    await user.click(screen.getByTestId('advanced-toggle'));
    await user.type(screen.getByTestId('advanced-scim-url'), 'https://proxy.example/scim');
    await user.type(screen.getByTestId('advanced-token-url'), 'https://proxy.example/token');
    await waitFor(() => expect(screen.getByTestId('domain-scim-url')).toHaveTextContent('https://proxy.example/scim'));
    await waitFor(() => {
      const saved = last(calls.filter((c) => c.cmd === 'save_setup'))?.args.input as SetupInput | undefined;
      expect(saved?.advanced).toEqual({ scim_base_url: 'https://proxy.example/scim', token_url: 'https://proxy.example/token' });
    });
  });
});

describe('Phase 1 · Advanced URLs while typing', () => {
  /** Rust's explicit-URL rules, as far as these tests need them (SCIM URL checked first). */
  function explicit(adv: { scim_base_url: string; token_url: string }): EndpointPreview {
    const check = (field: string, value: string) => {
      if (value.trim() === '') return `The ${field} '' is not a complete web address: it is empty. Type the full address starting with https://.`;
      if (!/^https:\/\/[^/]+/.test(value.trim())) return `The ${field} '${value}' is not a complete web address: relative URL without a base. Type the full address starting with https://.`;
      return null;
    };
    const scimProblem = check('SCIM base URL', adv.scim_base_url);
    const problem = scimProblem ?? check('token URL', adv.token_url);
    if (problem) return { endpoints: null, error: { code: 'invalid_url', message: problem }, field: scimProblem ? 'scim_base_url' : 'token_url' };
    return { endpoints: { host: 'proxy.example', scim_base_url: adv.scim_base_url, token_url: adv.token_url, notes: [] }, error: null, field: null };
  }
  const withExplicit: Handler = (cmd, args) =>
    cmd === 'preview_endpoints' && args.advanced ? explicit(args.advanced as { scim_base_url: string; token_url: string }) : undefined;

  it('judges a field only after it was left, and asks for both only once both were', async () => {
    const user = userEvent.setup();
    setup(withExplicit);
    await user.click(screen.getByTestId('advanced-toggle'));
    await user.type(screen.getByTestId('advanced-scim-url'), 'https://proxy.example/scim');
    await new Promise((r) => setTimeout(r, 300)); // past the preview debounce
    expect(screen.queryByTestId('advanced-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('domain-error')).not.toBeInTheDocument();

    // Leaving the first for the second: the token URL is still empty, but not yet visited.
    await user.click(screen.getByTestId('advanced-token-url'));
    await user.type(screen.getByTestId('advanced-token-url'), 'https:');
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.queryByTestId('advanced-error')).not.toBeInTheDocument();

    // Leaving the half-typed token URL: now it is judged.
    await user.click(screen.getByTestId('setup-name'));
    await waitFor(() => expect(screen.getByTestId('advanced-error')).toHaveTextContent("The token URL 'https:' is not a complete web address"));
    expect(screen.getByTestId('advanced-token-url')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('advanced-scim-url')).not.toHaveAttribute('aria-invalid');

    await user.clear(screen.getByTestId('advanced-token-url'));
    await user.type(screen.getByTestId('advanced-token-url'), 'https://proxy.example/token');
    await waitFor(() => expect(screen.queryByTestId('advanced-error')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('domain-scim-url')).toHaveTextContent('https://proxy.example/scim'));
  });

  it('"fill in both" shows once both fields were left, one of them empty', async () => {
    const user = userEvent.setup();
    setup(withExplicit);
    await user.click(screen.getByTestId('advanced-toggle'));
    await user.type(screen.getByTestId('advanced-scim-url'), 'https://proxy.example/scim');
    await user.click(screen.getByTestId('advanced-token-url'));
    await user.click(screen.getByTestId('setup-name'));
    await waitFor(() => expect(screen.getByTestId('advanced-error')).toHaveTextContent("The token URL '' is not a complete web address: it is empty."));
  });

  it('says visibly that the domain is not used while Advanced URLs are filled in', async () => {
    const user = userEvent.setup();
    setup(withExplicit);
    await user.type(screen.getByTestId('domain-input'), 'acme.haiilo.app');
    expect(screen.queryByTestId('domain-ignored')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('advanced-toggle'));
    await user.type(screen.getByTestId('advanced-scim-url'), 'https://proxy.example/scim');
    expect(screen.getByTestId('domain-ignored')).toHaveTextContent('Not used while Advanced URLs are filled in');
    expect(screen.getByTestId('domain-input').className).toContain('ignored');
    await user.clear(screen.getByTestId('advanced-scim-url'));
    expect(screen.queryByTestId('domain-ignored')).not.toBeInTheDocument();
  });
});

describe('Phase 1 · Client Secret', () => {
  it('storing the secret shows where it is kept and clears the input', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.type(screen.getByTestId('secret-input'), 'Sup3r+Secret:%');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-status')).toHaveTextContent('Stored in the system keychain'));
    expect(calls.find((c) => c.cmd === 'store_secret')?.args).toEqual({ id: 'setup-1', secret: 'Sup3r+Secret:%', sessionOnly: false, leftovers: 'refuse', kind: 'haiilo' });
    expect(screen.queryByTestId('secret-input')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('Sup3r+Secret');
    // Replace opens an empty field again.
    await user.click(screen.getByTestId('secret-replace'));
    expect(screen.getByTestId('secret-input')).toHaveValue('');
  });

  it('a secret with a space around it is not stored silently: save without it, or as typed', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.type(screen.getByTestId('secret-input'), 'pasted-secret ');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-error')).toHaveTextContent('White space around the secret'));
    expect(screen.getByTestId('secret-input')).toHaveValue('pasted-secret ');
    await user.click(screen.getByTestId('secret-save-trimmed'));
    await waitFor(() => expect(screen.getByTestId('secret-status')).toHaveTextContent('Stored in the system keychain'));
    // The UI sends what was typed and asks Rust to trim it: one rule for what counts as a leftover.
    expect(calls.filter((c) => c.cmd === 'store_secret').map((c) => [c.args.secret, c.args.leftovers])).toEqual([
      ['pasted-secret ', 'refuse'],
      ['pasted-secret ', 'trim'],
    ]);

    // Confirming it as typed keeps it exactly.
    await user.click(screen.getByTestId('secret-replace'));
    await user.type(screen.getByTestId('secret-input'), ' odd');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-save-as-typed')).toBeInTheDocument());
    await user.click(screen.getByTestId('secret-save-as-typed'));
    await waitFor(() => expect(screen.getByTestId('secret-status')).toHaveTextContent('Stored in the system keychain'));
    expect(last(calls.filter((c) => c.cmd === 'store_secret'))?.args).toEqual({ id: 'setup-1', secret: ' odd', sessionOnly: false, leftovers: 'keep', kind: 'haiilo' });
  });

  it('keychain_unavailable offers “this session only” and keeps the typed secret', async () => {
    const user = userEvent.setup();
    const { calls } = setup((cmd, args) => {
      if (cmd === 'store_secret' && !args.sessionOnly) {
        throw { code: 'keychain_unavailable', message: 'No Secret Service provider is running.' };
      }
    });
    await user.type(screen.getByTestId('secret-input'), 'only-once');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-error')).toHaveTextContent('keychain is not available'));
    expect(screen.getByTestId('secret-error')).toHaveTextContent('No Secret Service provider is running.');
    expect(screen.getByTestId('secret-input')).toHaveValue('only-once');

    await user.click(screen.getByTestId('secret-session-only'));
    await waitFor(() => expect(screen.getByTestId('secret-status')).toHaveTextContent('this session only'));
    expect(calls.filter((c) => c.cmd === 'store_secret').map((c) => c.args)).toEqual([
      { id: 'setup-1', secret: 'only-once', sessionOnly: false, leftovers: 'refuse', kind: 'haiilo' },
      { id: 'setup-1', secret: 'only-once', sessionOnly: true, leftovers: 'refuse', kind: 'haiilo' },
    ]);
    expect(screen.queryByTestId('secret-error')).not.toBeInTheDocument();
  });

  it('any other storing error shows the message, offers no session fallback and keeps the secret', async () => {
    const user = userEvent.setup();
    setup((cmd) => {
      if (cmd === 'store_secret') throw { code: 'keychain_failed', message: 'The keychain refused the entry.' };
    });
    await user.type(screen.getByTestId('secret-input'), 'keep-me');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-error')).toHaveTextContent('The keychain refused the entry.'));
    expect(screen.queryByTestId('secret-session-only')).not.toBeInTheDocument();
    expect(screen.getByTestId('secret-input')).toHaveValue('keep-me');
  });

  it('Remove forgets the stored secret and asks for it again', async () => {
    const user = userEvent.setup();
    const { calls } = setup(undefined, makeView({}, 'session'));
    expect(screen.getByTestId('secret-status')).toHaveTextContent('this session only');
    await user.click(screen.getByTestId('secret-remove'));
    await waitFor(() => expect(screen.getByTestId('secret-input')).toBeInTheDocument());
    expect(calls.some((c) => c.cmd === 'remove_secret')).toBe(true);
  });

  it('ticking a step saves its id in done_steps', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.click(screen.getByTestId('step-check-haiilo.create_directory'));
    await waitFor(() => {
      const saved = last(calls.filter((c) => c.cmd === 'save_setup'))?.args.input as SetupInput | undefined;
      expect(saved?.done_steps).toEqual(['haiilo.create_directory']);
    });
    expect(screen.getByTestId('step-check-haiilo.create_directory')).toBeChecked();
  });
});

describe('Phase 1 · every invalid field points at its error message', () => {
  it('the domain: Rust’s message while invalid, the SCIM URL preview again once fixed', async () => {
    const user = userEvent.setup();
    setup();
    const domain = screen.getByTestId('domain-input');
    await user.type(domain, 'admin@acme.haiilo.app');
    const message = 'This looks like an e-mail address.';
    await waitFor(() => expect(screen.getByTestId('domain-error')).toHaveTextContent(message));
    expectPointsAtError(domain, message);
    await user.clear(domain);
    await user.type(domain, 'acme.haiilo.app');
    await waitFor(() => expect(screen.getByTestId('domain-scim-url')).toBeInTheDocument());
    expectNoError(domain, message);
    expect(domain).toHaveAccessibleDescription(expect.stringContaining('https://acme.haiilo.app/api/scim/v2'));
  });

  it('the domain and the Client ID when Rust refuses to save them', async () => {
    const user = userEvent.setup();
    const refused = { code: 'storage_failed', message: 'Could not write the saved setups: disk full.' };
    setup((cmd) => {
      if (cmd === 'save_setup') throw refused;
    });
    await user.type(screen.getByTestId('domain-input'), 'acme.haiilo.app');
    await user.type(screen.getByTestId('client-id-input'), 'client-42');
    await waitFor(() => expect(screen.getByTestId('client-id-input')).toHaveAttribute('aria-invalid', 'true'));
    expectPointsAtError(screen.getByTestId('client-id-input'), refused.message);
    expectPointsAtError(screen.getByTestId('domain-input'), refused.message);
  });

  it('the setup name when Rust refuses to save it', async () => {
    const user = userEvent.setup();
    const refused = { code: 'storage_failed', message: 'Could not write the saved setups: disk full.' };
    setup((cmd) => {
      if (cmd === 'save_setup') throw refused;
    });
    await user.type(screen.getByTestId('setup-name'), 'Acme');
    await waitFor(() => expect(screen.getByTestId('setup-name')).toHaveAttribute('aria-invalid', 'true'));
    expectPointsAtError(screen.getByTestId('setup-name'), refused.message);
  });

  it('the Advanced URL the message is about, and the empty one for "fill in both"', async () => {
    const user = userEvent.setup();
    const invalid = (field: string, value: string) =>
      `The ${field} '${value}' is not a complete web address: relative URL without a base. Type the full address starting with https://.`;
    setup((cmd, args) => {
      if (cmd !== 'preview_endpoints' || !args.advanced) return undefined;
      const adv = args.advanced as { scim_base_url: string; token_url: string };
      const wrong = (v: string) => !/^https:\/\/[^/]+/.test(v.trim());
      if (adv.scim_base_url.trim() === '' || adv.token_url.trim() === '') {
        const [field, value, id] =
          adv.scim_base_url.trim() === '' ? ['SCIM base URL', '', 'scim_base_url' as const] : ['token URL', '', 'token_url' as const];
        return { endpoints: null, error: { code: 'invalid_url', message: `The ${field} '${value}' is not a complete web address: it is empty.` }, field: id };
      }
      if (wrong(adv.scim_base_url))
        return { endpoints: null, error: { code: 'invalid_url', message: invalid('SCIM base URL', adv.scim_base_url) }, field: 'scim_base_url' };
      if (wrong(adv.token_url))
        return { endpoints: null, error: { code: 'invalid_url', message: invalid('token URL', adv.token_url) }, field: 'token_url' };
      return { endpoints: { host: 'proxy.example', scim_base_url: adv.scim_base_url, token_url: adv.token_url, notes: [] }, error: null };
    });
    await user.click(screen.getByTestId('advanced-toggle'));
    const scim = screen.getByTestId('advanced-scim-url');
    const token = screen.getByTestId('advanced-token-url');
    await user.type(scim, 'proxy.example/scim');
    await user.type(token, 'https://proxy.example/token');
    await user.click(screen.getByTestId('setup-name'));
    await waitFor(() => expect(screen.getByTestId('advanced-error')).toBeInTheDocument());
    expectPointsAtError(scim, invalid('SCIM base URL', 'proxy.example/scim'));
    expectNoError(token, 'is not a complete web address');

    // Both filled, one emptied again: the empty one is what the message is about.
    await user.clear(scim);
    await user.type(scim, 'https://proxy.example/scim');
    await user.clear(token);
    await user.click(screen.getByTestId('setup-name'));
    await waitFor(() => expect(screen.getByTestId('advanced-error')).toHaveTextContent("The token URL '' is not a complete web address"));
    expectPointsAtError(token, "The token URL '' is not a complete web address");
    expectNoError(scim, 'is not a complete web address');
  });

  it('the Client Secret when it could not be stored', async () => {
    const user = userEvent.setup();
    setup((cmd) => {
      if (cmd === 'store_secret') throw { code: 'keychain_failed', message: 'The keychain refused the entry.' };
    });
    await user.type(screen.getByTestId('secret-input'), 'typed-secret');
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-error')).toBeInTheDocument());
    expectPointsAtError(screen.getByTestId('secret-input'), 'The keychain refused the entry.');
  });
});
