// The start screen of a consultant with 200 saved setups: search, order, count, keyboard.
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import type { StartView } from '../../src/lib/bindings/StartView';
import Start from '../../src/screens/Start.svelte';
import { filterSetups, sortSetups } from '../../src/lib/setup-list';
import { checkRun, lastCheckOf, makeView } from './fixtures';

const HOUR = 3_600_000;
const BASE = 1_800_000_000_000;
const pad = (i: number) => String(i).padStart(3, '0');

/**
 * 200 setups: every fifth failed its last test (a real wrong-secret run), the next one was
 * never tested, the rest passed (a real ready run); one customer stands out by name, host
 * and Client ID. Setup i was changed i hours after the first and tested i hours after that.
 */
function manySetups(): SetupView[] {
  const failed = checkRun('wrong-secret');
  const passed = checkRun('ready');
  return Array.from({ length: 200 }, (_, i) => {
    const special = i === 137;
    const last = i % 5 === 0 ? lastCheckOf(failed, BASE + i * HOUR) : i % 5 === 1 ? null : lastCheckOf(passed, BASE + i * HOUR);
    return makeView(
      {
        id: `s${pad(i)}`,
        name: special ? 'Globex Corporation' : `Customer ${pad(i)}`,
        domain: special ? 'intranet.globex.example' : `c${pad(i)}.haiilo.app`,
        client_id: special ? 'gx-4471-client' : `client-${pad(i)}`,
        last_check: last,
        updated_ms: BASE + i * HOUR,
      },
      i % 7 === 0 ? 'none' : 'keychain',
    );
  });
}

function renderStart(views: SetupView[] = manySetups()) {
  const start: StartView = { setups: views, notice: null };
  mockIPC((cmd) => {
    if (cmd === 'list_setups') return start;
    throw new Error(`unexpected ${cmd}`);
  });
  render(Start, { onopen: vi.fn() });
  return views;
}

const cards = () => screen.queryAllByTestId('setup-card');
const cardIds = () => cards().map((c) => c.dataset.setupId);
const count = () => screen.getByTestId('setup-count').textContent?.trim();

async function loaded(n = 200) {
  await waitFor(() => expect(cards()).toHaveLength(n), { timeout: 30_000, interval: 200 });
}

/** jsdom builds 200 cards slowly (seconds on a busy machine); the screen does not. */
const SLOW = 90_000;

describe('Start with 200 setups', () => {
  it('counts them and narrows the list by name, host or Client ID as you type', async () => {
    const user = userEvent.setup();
    renderStart();
    await loaded();
    expect(count()).toBe('200 setups');
    const search = screen.getByRole('searchbox', { name: 'Search' });

    await user.click(search);
    await user.paste('globex');
    expect(cardIds()).toEqual(['s137']);
    expect(count()).toBe('1 of 200 setups');

    // Each new query replaces the last in one paste: typing it letter by letter would
    // re-render all 200 cards per letter, which jsdom does slowly.
    const replace = async (text: string) => {
      await user.tripleClick(search);
      await user.paste(text);
    };
    await replace('GX-4471');
    expect(cardIds()).toEqual(['s137']);

    await replace('c042.haiilo');
    expect(cardIds()).toEqual(['s042']);

    // Every word must match, in any order.
    await replace('client-19 customer');
    expect(cardIds()).toEqual(['s199', 's198', 's197', 's196', 's195', 's194', 's193', 's192', 's191', 's190']);
    expect(count()).toBe('10 of 200 setups');

    await replace('initech');
    expect(cards()).toHaveLength(0);
    expect(screen.getByTestId('setup-search-empty')).toHaveTextContent('No setup matches “initech”');
    expect(count()).toBe('0 of 200 setups');

    await user.clear(search);
    expect(cards()).toHaveLength(200);
  }, SLOW);

  it('sorts by last result with the failing first, newest failure on top, then untested, then passing', async () => {
    const user = userEvent.setup();
    renderStart();
    await loaded();
    // Last changed first by default.
    expect(cardIds().slice(0, 3)).toEqual(['s199', 's198', 's197']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Last result, failing first');
    const results = cards().map((c) => within(c).getByTestId('setup-last-check').textContent ?? '');
    const kind = (text: string) => (text.includes('Failed') ? 'failed' : text.includes('Not tested') ? 'untested' : 'passed');
    expect(results.slice(0, 40).every((r) => kind(r) === 'failed')).toBe(true);
    expect(results.slice(40, 80).every((r) => kind(r) === 'untested')).toBe(true);
    expect(results.slice(80).every((r) => kind(r) === 'passed')).toBe(true);
    expect(cardIds().slice(0, 3)).toEqual(['s195', 's190', 's185']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Name');
    const names = cards().map((c) => within(c).getByRole('heading').textContent);
    expect(names.slice(0, 3)).toEqual(['Customer 000', 'Customer 001', 'Customer 002']);
    expect(names.slice(136, 138)).toEqual(['Customer 136', 'Customer 138']);
    expect(names[199]).toBe('Globex Corporation');
  }, SLOW);

  it('keeps the search while sorting, and the order while searching', async () => {
    const user = userEvent.setup();
    renderStart();
    await loaded();
    await user.click(screen.getByRole('searchbox', { name: 'Search' }));
    await user.paste('customer 19');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Last result, failing first');
    // 019, 119 and 190–199 hold "19"; of them 190 and 195 failed, 191 and 196 were never tested.
    expect(cardIds().slice(0, 4)).toEqual(['s195', 's190', 's191', 's196']);
    expect(count()).toBe('12 of 200 setups');
  }, SLOW);

  it('search, sort and Check all are reached with Tab and used with the keyboard', async () => {
    const user = userEvent.setup();
    renderStart();
    await loaded();
    const search = screen.getByRole('searchbox', { name: 'Search' });
    const sort = screen.getByRole('combobox', { name: 'Sort by' });
    const checkAllButton = screen.getByRole('button', { name: 'Check all' });
    const reached: Element[] = [];
    for (let i = 0; i < 10 && document.activeElement !== checkAllButton; i++) {
      await user.tab();
      reached.push(document.activeElement!);
    }
    // After the start buttons, in this order.
    const order = [search, sort, checkAllButton].map((el) => reached.indexOf(el));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(reached[reached.indexOf(search) - 1]).toBe(screen.getByTestId('import-setup'));

    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(search).toHaveFocus();
    await user.keyboard('globex');
    expect(cardIds()).toEqual(['s137']);
    // The first card's own buttons follow Check all.
    await user.tab();
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(within(cards()[0]).getByTestId('setup-open'));
  }, SLOW);
});

describe('setup-list', () => {
  it('an empty search keeps every setup, in a new array', () => {
    const views = manySetups().slice(0, 5);
    const all = filterSetups(views, '   ');
    expect(all).toEqual(views);
    expect(all).not.toBe(views);
  });

  it('names compare as people read them: without case, numbers by value', () => {
    const views = ['acme 10', 'Acme 9', 'ACME 100', 'Bravo'].map((name, i) => makeView({ id: `n${i}`, name }));
    expect(sortSetups(views, 'name').map((v) => v.setup.name)).toEqual(['Acme 9', 'acme 10', 'ACME 100', 'Bravo']);
  });
});
