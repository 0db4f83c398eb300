// The start screen with a fake backend, for its unit tests (English and German).

import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen } from '@testing-library/svelte';
import { vi } from 'vitest';
import type { StartView } from '../../src/lib/bindings/StartView';
import Start from '../../src/screens/Start.svelte';

/** Answers a command, or returns undefined to leave it to the default answers. */
export type Answer = (cmd: string, args: Record<string, unknown>) => unknown;

/**
 * Renders the start screen. `extra` answers first; then list_setups gets `view` and
 * delete_setup succeeds; any other command fails the test. Every call is recorded.
 */
export function renderStart(view: StartView, extra: Answer = () => undefined) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const answer = extra(cmd, args);
    if (answer !== undefined) return answer;
    if (cmd === 'list_setups') return view;
    if (cmd === 'delete_setup') return null;
    throw new Error(`unexpected ${cmd}`);
  });
  const onopen = vi.fn();
  render(Start, { onopen });
  return { calls, onopen };
}

/** A setup's card on the start screen, by the setup's id. */
export const setupCard = (id: string) => screen.getAllByTestId('setup-card').find((c) => c.dataset.setupId === id)!;
