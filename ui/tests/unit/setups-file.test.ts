// The saved setups file as the admin meets it away from the start screen: a damaged file
// set aside during a save or a check, a disk that refuses to save, an unnamed setup.
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import App from '../../src/App.svelte';
import { checkRun, makeView } from './fixtures';

const SET_ASIDE =
  'Your saved setups could not be read (it is not valid: EOF while parsing). The file was kept as ' +
  '/home/admin/.config/haiilo/setups.json.corrupt-20261201T072216.123Z and a new list was started.';
const READ_ONLY =
  'Could not save your setups (/home/admin/.config/haiilo/setups.json): the disk is read-only. ' +
  'Make that disk writable (or free it from read-only mode), then save again. Setups saved before are unchanged.';

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;

/** The app with one saved setup; `override` answers first, `undefined` falls through. */
function app(view: SetupView, override: Handler = () => undefined) {
  const saves: SetupInput[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    if (cmd === 'save_setup') saves.push(args.input as SetupInput);
    const answer = override(cmd, args);
    if (answer !== undefined) return answer;
    switch (cmd) {
      case 'list_setups':
        return { setups: [view], notice: null };
      case 'save_setup':
        return makeView({ ...view.setup, ...(args.input as SetupInput) }, view.secret.location);
      case 'preview_endpoints':
        return { endpoints: view.endpoints, error: view.endpoint_error, field: view.endpoint_error_field };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  render(App);
  return { saves };
}

describe('The saved setups file, away from the start screen', () => {
  it('a save that found the file damaged says so on the screen the admin is on', async () => {
    const user = userEvent.setup();
    const view = makeView({ domain: 'acme.haiilo.app' });
    let damaged = true;
    app(view, (cmd, args) => {
      if (cmd === 'save_setup' && damaged) {
        damaged = false;
        return { ...makeView({ ...view.setup, ...(args.input as SetupInput) }), notice: SET_ASIDE };
      }
    });
    await user.click(await screen.findByTestId('setup-open'));
    await screen.findByTestId('screen-phase1');
    expect(screen.queryByTestId('setups-notice')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('client-id-input'), 'client-9');
    const notice = await screen.findByTestId('setups-notice');
    expect(notice).toHaveAttribute('role', 'alert');
    expect(notice).toHaveTextContent('setups.json.corrupt-20261201T072216.123Z');
    // It stays while the admin moves on, until dismissed.
    await user.click(screen.getByTestId('nav-next'));
    await screen.findByTestId('screen-phase2');
    expect(screen.getByTestId('setups-notice')).toBeInTheDocument();
    await user.click(within(screen.getByTestId('setups-notice')).getByTestId('setups-notice-dismiss'));
    expect(screen.queryByTestId('setups-notice')).not.toBeInTheDocument();
  });

  it('a check whose result found the file damaged says so on the Test screen', async () => {
    const user = userEvent.setup();
    const view = makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }, 'keychain');
    let checked = false;
    app(view, (cmd) => {
      if (cmd === 'run_check') {
        checked = true;
        // A real run's report (generated from the demo tenant).
        return checkRun('ready').report;
      }
      // After a run the session asks for the saved result; the notice rides along.
      if (cmd === 'list_setups' && checked) return { setups: [view], notice: SET_ASIDE };
    });
    await user.click(await screen.findByTestId('setup-open'));
    await user.click(await screen.findByTestId('stepper-test'));
    await user.click(await screen.findByTestId('run-check'));
    expect(await screen.findByTestId('setups-notice')).toHaveTextContent('a new list was started');
    expect(screen.getByTestId('screen-test')).toBeInTheDocument();
  });

  it('a disk that refuses the save keeps every value typed and says what to do', async () => {
    const user = userEvent.setup();
    const { saves } = app(makeView({ name: 'Acme' }), (cmd) => {
      if (cmd === 'save_setup') throw { code: 'storage_failed', message: READ_ONLY };
    });
    await user.click(await screen.findByTestId('setup-open'));
    await screen.findByTestId('screen-phase1');
    await user.clear(screen.getByTestId('setup-name'));
    await user.type(screen.getByTestId('setup-name'), 'Acme production');
    await user.type(screen.getByTestId('domain-input'), 'acme.haiilo.app');
    await user.type(screen.getByTestId('client-id-input'), 'client-42');

    await waitFor(() => expect(screen.getByTestId('save-status')).toHaveTextContent(`Not saved: ${READ_ONLY}`));
    expect(saves.length).toBeGreaterThan(0);
    // Leaving the screen and coming back keeps what was typed.
    await user.click(screen.getByTestId('nav-next'));
    await screen.findByTestId('screen-phase2');
    await user.click(screen.getByTestId('nav-back'));
    await screen.findByTestId('screen-phase1');
    expect(screen.getByTestId('setup-name')).toHaveValue('Acme production');
    expect(screen.getByTestId('domain-input')).toHaveValue('acme.haiilo.app');
    expect(screen.getByTestId('client-id-input')).toHaveValue('client-42');
    expect(screen.getByTestId('save-status')).toHaveTextContent('Make that disk writable');
  });

  it('an unnamed setup shows the Haiilo host Rust named it after', async () => {
    const user = userEvent.setup();
    const unnamed = makeView({ name: '' });
    app(unnamed, (cmd, args) => {
      if (cmd === 'save_setup') {
        const input = args.input as SetupInput;
        // As save_setup does: an empty name becomes the domain's host.
        return makeView({ ...unnamed.setup, ...input, name: input.name.trim() || input.domain.trim().toLowerCase() });
      }
    });
    await user.click(await screen.findByTestId('setup-open'));
    expect(await screen.findByText('Unnamed setup')).toBeInTheDocument();
    await user.type(screen.getByTestId('domain-input'), 'acme.haiilo.app');
    await waitFor(() => expect(screen.getByTitle('acme.haiilo.app')).toHaveTextContent('acme.haiilo.app'));
    expect(screen.queryByText('Unnamed setup')).not.toBeInTheDocument();
  });
});
