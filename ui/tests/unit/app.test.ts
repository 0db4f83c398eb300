import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SetupInput } from '../../src/lib/bindings/SetupInput';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import App from '../../src/App.svelte';
import { PHASE1_STEPS } from '../../src/lib/guide';
import { checkRun, last, lastCheckOf, makeView, viewOf } from './fixtures';

function setup(view: SetupView) {
  const saves: SetupInput[] = [];
  const runs: string[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'list_setups':
        return { setups: [view], notice: null };
      case 'save_setup': {
        const input = args.input as SetupInput;
        saves.push(input);
        return makeView({ ...view.setup, ...input }, view.secret.location);
      }
      case 'run_check':
        runs.push(args.id as string);
        return checkRun('ready').report;
      case 'start_demo':
        // The practice tenant is still running: the same setup, its result kept.
        return view;
      case 'preview_endpoints':
        return { endpoints: view.endpoints, error: view.endpoint_error, field: view.endpoint_error_field };
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  render(App);
  return { saves, runs };
}

const current = () => screen.getAllByRole('button').find((b) => b.getAttribute('aria-current') === 'step');

describe('Stepper and navigation', () => {
  it('moves between phases with the stepper, Back, Next and home', async () => {
    const user = userEvent.setup();
    setup(makeView({ domain: 'acme.haiilo.app', client_id: 'c' }, 'keychain'));
    await user.click(await screen.findByTestId('setup-open'));
    expect(await screen.findByTestId('screen-phase1')).toBeInTheDocument();
    expect(current()).toBe(screen.getByTestId('stepper-phase1'));

    await user.click(screen.getByTestId('stepper-phase3'));
    expect(await screen.findByTestId('screen-phase3')).toBeInTheDocument();
    expect(current()).toBe(screen.getByTestId('stepper-phase3'));
    expect(screen.queryByTestId('screen-phase1')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('nav-next'));
    expect(await screen.findByTestId('screen-test')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-back'));
    expect(await screen.findByTestId('screen-phase3')).toBeInTheDocument();
    await user.click(screen.getByTestId('nav-back'));
    expect(await screen.findByTestId('screen-phase2')).toBeInTheDocument();
    // Focus lands on the new screen's heading, for keyboard and screen-reader users.
    expect(within(screen.getByTestId('screen-phase2')).getByRole('heading', { level: 1 })).toHaveFocus();

    await user.click(screen.getByTestId('nav-home'));
    expect(await screen.findByTestId('screen-start')).toBeInTheDocument();
    expect(screen.queryByTestId('stepper-phase1')).not.toBeInTheDocument();
  });

  it('marks a phase done once all its ticks are set, and saves them', async () => {
    const user = userEvent.setup();
    const { saves } = setup(makeView({ domain: 'acme.haiilo.app' }));
    await user.click(await screen.findByTestId('setup-open'));
    await screen.findByTestId('screen-phase1');
    expect(screen.getByTestId('stepper-phase1')).toHaveTextContent(`0 of ${PHASE1_STEPS.length} steps`);
    for (const step of PHASE1_STEPS) await user.click(screen.getByTestId(`step-check-${step.id}`));
    expect(screen.getByTestId('stepper-phase1')).toHaveTextContent('Done');
    expect(screen.getByTestId('stepper-phase2')).not.toHaveTextContent('Done');
    await waitFor(() => expect(last(saves)?.done_steps).toEqual(PHASE1_STEPS.map((s) => s.id).sort()));
  });

  it('shows Test as done when the last check passed, and the demo badge for the demo', async () => {
    const user = userEvent.setup();
    setup(
      makeView(
        {
          domain: 'demo.haiilo.test',
          is_demo: true,
          last_check: lastCheckOf(checkRun('ready'), Date.now()),
        },
        'session',
      ),
    );
    await user.click(await screen.findByTestId('setup-open'));
    expect(await screen.findByTestId('stepper-test')).toHaveTextContent('Passed');
    expect(screen.getByTestId('demo-badge')).toHaveTextContent('PingOne cannot reach these URLs');
  });

  it('marks the practice tenant once on the Test screen, before and after a run', async () => {
    const user = userEvent.setup();
    const generated = checkRun('ready');
    setup(viewOf(generated, 'session'));
    await user.click(await screen.findByTestId('setup-open'));
    await user.click(await screen.findByTestId('stepper-test'));
    await screen.findByTestId('screen-test');
    // Each notice says PingOne cannot reach the practice tenant's URLs (a step's facts may
    // also name the practice tenant: that is evidence, not a notice).
    const notices = () => (document.body.textContent ?? '').match(/cannot reach these URLs/gi) ?? [];
    expect(screen.getAllByTestId('demo-badge')).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    // The one badge sits in the header, where every screen of the setup shows it.
    expect(screen.getByRole('banner')).toContainElement(screen.getByTestId('demo-badge'));

    await user.click(screen.getByTestId('run-check'));
    await waitFor(() => expect(screen.getByTestId('verdict-headline')).toHaveTextContent(generated.report.verdict.headline));
    expect(screen.getAllByTestId('demo-badge')).toHaveLength(1);
    expect(notices()).toHaveLength(1);
  });

  it('keeps the test results when the admin leaves the setup and opens it again', async () => {
    const user = userEvent.setup();
    const generated = checkRun('ready');
    const { runs } = setup(viewOf(generated, 'keychain'));
    await user.click(await screen.findByTestId('setup-open'));
    await user.click(await screen.findByTestId('stepper-test'));
    await user.click(await screen.findByTestId('run-check'));
    const headline = generated.report.verdict.headline;
    await waitFor(() => expect(screen.getByTestId('verdict-headline')).toHaveTextContent(headline));

    await user.click(screen.getByTestId('nav-home'));
    await user.click(await screen.findByTestId('setup-open'));
    await user.click(await screen.findByTestId('stepper-test'));
    const verdict = await screen.findByTestId('check-verdict');
    expect(verdict).toHaveTextContent(headline);
    expect(verdict).not.toHaveAttribute('data-stale', 'true');
    expect(verdict).not.toHaveTextContent('Not tested in this session');
    expect(screen.getAllByTestId('user-row')).toHaveLength(generated.report.users!.sample.length);
    expect(screen.getByTestId('save-report')).toBeInTheDocument();
    expect(screen.getByTestId('run-check')).toHaveTextContent('Run again');
    expect(runs).toEqual(['setup-1']);
  });
});
