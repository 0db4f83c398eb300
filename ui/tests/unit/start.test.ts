import { screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StartView } from '../../src/lib/bindings/StartView';
import { expectPointsAtError } from './aria';
import { checkRun, lastCheckOf, makeView, stepOf } from './fixtures';
import { type Answer, renderStart, setupCard as card } from './start-screen';

const MINUTE = 60_000;

function startView(): StartView {
  return {
    notice:
      'Your saved setups could not be read (expected value at line 1). The file was kept as /home/a/setups.json.corrupt-1 and a new list was started.',
    setups: [
      makeView(
        {
          id: 'a',
          name: 'Acme',
          domain: 'acme.haiilo.app',
          last_check: lastCheckOf(checkRun('ready'), Date.now() - 5 * MINUTE),
        },
        'keychain',
      ),
      makeView({
        id: 'b',
        name: 'Globex',
        domain: 'globex.haiilo.app',
        last_check: lastCheckOf(checkRun('wrong-secret'), Date.now() - 3 * 60 * MINUTE),
      }),
      makeView({ id: 'c', name: 'Initech' }),
    ],
  };
}

const setup = (view: StartView = startView(), extra?: Answer) => renderStart(view, extra);

describe('Start', () => {
  it('lists saved setups with when and how they were last tested', async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(3));
    const acme = within(card('a')).getByTestId('setup-last-check');
    expect(acme).toHaveTextContent('Tested 5 minutes ago');
    expect(acme).toHaveTextContent(`Passed: ${checkRun('ready').report.users!.total_results} users in Haiilo`);
    expect(acme).not.toHaveTextContent('Connected:');
    const globex = within(card('b')).getByTestId('setup-last-check');
    expect(globex).toHaveTextContent('Tested 3 hours ago');
    expect(globex).toHaveTextContent(`Failed: ${stepOf(checkRun('wrong-secret'), 'token').summary}`);
    expect(within(card('c')).getByTestId('setup-last-check')).toHaveTextContent('Not tested yet');
    expect(card('a')).toHaveTextContent('acme.haiilo.app');
  });

  it('shows the notice when the setups file was moved aside', async () => {
    setup();
    expect(await screen.findByTestId('start-notice')).toHaveTextContent('setups.json.corrupt-1');
  });

  it('explains what the app does when there are no setups', async () => {
    setup({ setups: [], notice: null });
    expect(await screen.findByRole('heading', { name: 'Connect PingOne to Haiilo' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'What you will do' })).toHaveTextContent('SCIM Outbound');
    expect(screen.queryByTestId('start-notice')).not.toBeInTheDocument();
    expect(screen.queryByTestId('setup-card')).not.toBeInTheDocument();
  });

  describe('while the setups load', () => {
    /** Every distinct main heading the screen shows from its first frame on. */
    function headingsSeen() {
      const seen: string[] = [];
      const note = () => {
        const text = document.querySelector('h1')?.textContent?.trim();
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      };
      const observer = new MutationObserver(note);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      return { seen, stop: () => observer.disconnect() };
    }

    /** list_setups answers only when the test says so. */
    function slowList() {
      let answer: (view: StartView) => void = () => undefined;
      let fail: (error: unknown) => void = () => undefined;
      const pending = new Promise<StartView>((ok, no) => {
        answer = ok;
        fail = no;
      });
      return { pending, answer: (view: StartView) => answer(view), fail: (error: unknown) => fail(error) };
    }

    for (const [about, view, heading] of [
      ['no setups yet', { setups: [], notice: null }, 'Connect PingOne to Haiilo'],
      ['saved setups', startView(), 'Your setups'],
    ] as const) {
      it(`with ${about}, shows one layout only: nothing but a status until the answer, then "${heading}"`, async () => {
        const headings = headingsSeen();
        const list = slowList();
        setup(undefined, (cmd) => (cmd === 'list_setups' ? list.pending : undefined));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(screen.getByTestId('screen-start')).toHaveAttribute('aria-busy', 'true');
        expect(screen.getByRole('status')).toHaveTextContent('Loading your setups…');
        expect(screen.queryByRole('heading')).not.toBeInTheDocument();
        expect(screen.queryByTestId('new-setup')).not.toBeInTheDocument();

        list.answer(view as StartView);
        const shown = await screen.findByRole('heading', { level: 1, name: heading });
        await waitFor(() => expect(shown).toHaveFocus());
        expect(screen.getByTestId('screen-start')).not.toHaveAttribute('aria-busy');
        expect(screen.queryByText('Loading your setups…')).not.toBeInTheDocument();
        headings.stop();
        expect(headings.seen).toEqual([heading]);
      });
    }

    it('a failed load says so, and trying again keeps the layout until the new answer', async () => {
      const user = userEvent.setup();
      let attempts = 0;
      const retry = slowList();
      setup(undefined, (cmd) => {
        if (cmd !== 'list_setups') return undefined;
        attempts += 1;
        if (attempts === 1) throw { code: 'io', message: 'The setups file could not be read: permission denied' };
        return retry.pending;
      });
      const headings = headingsSeen();
      expect(await screen.findByText('The setups file could not be read: permission denied')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Try again' }));
      expect(screen.getByRole('button', { name: 'Trying again…' })).toBeDisabled();
      expect(screen.getByText('The setups file could not be read: permission denied')).toBeInTheDocument();

      retry.answer(startView());
      await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(3));
      expect(screen.queryByText(/could not be read: permission denied/)).not.toBeInTheDocument();
      headings.stop();
      expect(headings.seen).toEqual(['Your setups']);
    });
  });

  it('deletes only after confirmation', async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(3));
    await user.click(within(card('b')).getByTestId('setup-delete'));
    expect(calls.some((c) => c.cmd === 'delete_setup')).toBe(false);
    expect(within(card('b')).getByText(/Delete “Globex”\?/)).toBeInTheDocument();
    await user.click(within(card('b')).getByRole('button', { name: 'Keep it' }));
    expect(within(card('b')).queryByTestId('setup-delete-confirm')).not.toBeInTheDocument();

    await user.click(within(card('b')).getByTestId('setup-delete'));
    await user.click(within(card('b')).getByTestId('setup-delete-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === 'delete_setup')).toEqual([{ cmd: 'delete_setup', args: { id: 'b' } }]);
  });

  it('a delete that found the setups file damaged shows the notice', async () => {
    const user = userEvent.setup();
    setup({ ...startView(), notice: null }, (cmd) => {
      if (cmd === 'delete_setup') return 'Your saved setups could not be read. The file was kept as /home/a/setups.json.corrupt-2.';
    });
    await waitFor(() => expect(screen.getAllByTestId('setup-card')).toHaveLength(3));
    expect(screen.queryByTestId('start-notice')).not.toBeInTheDocument();
    await user.click(within(card('b')).getByTestId('setup-delete'));
    await user.click(within(card('b')).getByTestId('setup-delete-confirm'));
    expect(await screen.findByTestId('start-notice')).toHaveTextContent('setups.json.corrupt-2');
  });

  it('creates a named setup and opens it', async () => {
    const user = userEvent.setup();
    const created = makeView({ id: 'new', name: 'Umbrella' });
    const { calls, onopen } = setup(undefined, (cmd) => (cmd === 'create_setup' ? created : undefined));
    await user.click(await screen.findByTestId('new-setup'));
    expect(screen.getByTestId('new-setup-name')).toHaveFocus();
    await user.keyboard('Umbrella{Enter}');
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(created, 'phase1'));
    expect(calls.find((c) => c.cmd === 'create_setup')?.args).toEqual({ name: 'Umbrella' });
  });

  it('starts the demo tenant and opens its setup', async () => {
    const user = userEvent.setup();
    const demo = makeView({ id: 'demo', name: 'Demo tenant', is_demo: true }, 'session');
    const { onopen } = setup(undefined, (cmd) => (cmd === 'start_demo' ? demo : undefined));
    await user.click(await screen.findByTestId('try-demo'));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(demo, 'phase1'));
  });

  it('says why the demo could not start', async () => {
    const user = userEvent.setup();
    const { onopen } = setup(undefined, (cmd) => {
      if (cmd === 'start_demo') throw { code: 'demo_failed', message: 'Could not start the demo tenant: port in use' };
    });
    await user.click(await screen.findByTestId('try-demo'));
    expect(await screen.findByText('Could not start the demo tenant: port in use')).toHaveAttribute('role', 'alert');
    expect(onopen).not.toHaveBeenCalled();
  });

  it('opening the saved demo setup after a restart starts the practice tenant again instead of asking for a secret', async () => {
    const user = userEvent.setup();
    // As saved by an earlier app run: the tenant is gone, its session secret too.
    const saved = makeView(
      {
        id: 'demo',
        name: 'Demo tenant (local practice)',
        is_demo: true,
        domain: 'demo.haiilo.test',
        client_id: 'demo-client',
        last_check: { at_ms: Date.now() - 60 * MINUTE, ok: true, summary: '50 users in Haiilo', finding_codes: [], total_users: 50, pingone: null, lang: 'en' },
      },
      'none',
    );
    // What start_demo answers: the same setup, pointed at the new tenant, secret for the session.
    const restarted = makeView({ ...saved.setup, last_check: null }, 'session');
    const { calls, onopen } = setup({ setups: [saved], notice: null }, (cmd) => (cmd === 'start_demo' ? restarted : undefined));
    await user.click(await screen.findByTestId('setup-open'));
    await waitFor(() => expect(onopen).toHaveBeenCalledWith(restarted, 'phase1'));
    expect(onopen).not.toHaveBeenCalledWith(saved, expect.anything());
    expect(calls.filter((c) => c.cmd === 'start_demo')).toHaveLength(1);
  });

  it('opening a saved demo setup whose tenant cannot start says why and stays on Start', async () => {
    const user = userEvent.setup();
    const saved = makeView({ id: 'demo', name: 'Demo tenant (local practice)', is_demo: true }, 'none');
    const { onopen } = setup({ setups: [saved], notice: null }, (cmd) => {
      if (cmd === 'start_demo') throw { code: 'demo_failed', message: 'Could not start the demo tenant: port in use' };
    });
    await user.click(await screen.findByTestId('setup-open'));
    expect(await screen.findByText('Could not start the demo tenant: port in use')).toHaveAttribute('role', 'alert');
    expect(onopen).not.toHaveBeenCalled();
  });

  it('a name Rust refuses points the field at the message', async () => {
    const user = userEvent.setup();
    const refused = { code: 'storage_failed', message: 'Could not write the saved setups: disk full.' };
    setup(undefined, (cmd) => {
      if (cmd === 'create_setup') throw refused;
    });
    await user.click(await screen.findByTestId('new-setup'));
    await user.type(screen.getByTestId('new-setup-name'), 'Umbrella');
    await user.click(screen.getByTestId('new-setup-create'));
    await waitFor(() => expect(screen.getByText(refused.message)).toBeInTheDocument());
    expectPointsAtError(screen.getByTestId('new-setup-name'), refused.message);
    expect(screen.getByTestId('new-setup-name')).toHaveValue('Umbrella');
  });
});
