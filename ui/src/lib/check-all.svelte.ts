// *Check all*: the connection test of every saved setup, a few at a time, each through the
// same `run_check` command the Test screen uses (so Rust saves each result as usual), and
// at the end which setups broke or were fixed since their previous result.
//
// One run at a time for the whole app (module state): leaving the start screen to open a
// setup does not stop it, and coming back shows where it is.

import * as ipc from './ipc';
import type { IpcError } from './ipc';
import type { CheckReport } from './bindings/CheckReport';
import type { SetupView } from './bindings/SetupView';
import { LADDER } from './bindings/ladder';
import { keepFinishedRun } from './session.svelte';

/** How many setups are tested at once: each test itself runs steps side by side. */
export const CHECK_ALL_CONCURRENCY = 4;

export type SetupCheckState =
  | 'waiting'
  | 'running'
  | 'passed'
  | 'failed'
  /** No Client Secret stored on this computer: not tested, not a failure. */
  | 'secret_missing'
  /** Could not be tested for another reason (no domain yet, …): `error` says why. */
  | 'not_tested';

export interface SetupCheck {
  id: string;
  /** The setup's name, else its host; empty when it has neither (the view names it then, in the UI language). */
  name: string;
  state: SetupCheckState;
  /** Steps finished so far, of `total`. */
  done: number;
  total: number;
  /** The previous result's `ok`, or null when it had never been tested. */
  previousOk: boolean | null;
  /** The first failed step's summary when it failed. */
  summary: string;
  error: IpcError | null;
}

/** Broke: passed last time, fails now. Fixed: failed last time, passes now. */
export function changeOf(check: SetupCheck): 'broke' | 'fixed' | null {
  if (check.previousOk === true && check.state === 'failed') return 'broke';
  if (check.previousOk === false && check.state === 'passed') return 'fixed';
  return null;
}

function failedSummary(report: CheckReport): string {
  return report.steps.find((s) => s.status === 'fail')?.summary ?? report.verdict.headline;
}

const shownName = (view: SetupView) => view.setup.name.trim() || view.endpoints?.host || '';

export class CheckAll {
  /** By setup id, in the order the setups were listed when the run started. */
  checks: Record<string, SetupCheck> = $state({});
  order: string[] = $state([]);
  running = $state(false);
  /** Set once every setup has an answer. */
  finished = $state(false);

  get list(): SetupCheck[] {
    return this.order.map((id) => this.checks[id]).filter(Boolean);
  }

  get broke(): SetupCheck[] {
    return this.list.filter((c) => changeOf(c) === 'broke');
  }

  get fixed(): SetupCheck[] {
    return this.list.filter((c) => changeOf(c) === 'fixed');
  }

  get answered(): number {
    return this.list.filter((c) => c.state !== 'waiting' && c.state !== 'running').length;
  }

  count(state: SetupCheckState): number {
    return this.list.filter((c) => c.state === state).length;
  }

  /**
   * Tests every setup in `views`, at most `concurrency` at once; resolves when all are
   * answered. The previous results are taken from `views` as they are now.
   */
  async run(views: readonly SetupView[], concurrency: number = CHECK_ALL_CONCURRENCY): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.finished = false;
    this.order = views.map((v) => v.setup.id);
    this.checks = Object.fromEntries(
      views.map((v) => [
        v.setup.id,
        {
          id: v.setup.id,
          name: shownName(v),
          state: 'waiting',
          done: 0,
          total: LADDER.length,
          previousOk: v.setup.last_check?.ok ?? null,
          summary: '',
          error: null,
        } satisfies SetupCheck,
      ]),
    );
    const queue = [...this.order];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await this.#checkOne(id);
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
    } finally {
      this.running = false;
      this.finished = true;
    }
  }

  async #checkOne(id: string): Promise<void> {
    const check = this.checks[id];
    check.state = 'running';
    try {
      const report = await ipc.runCheck(id, (event) => {
        if (event.event === 'step_finished') check.done = Math.min(check.done + 1, check.total);
      });
      check.done = check.total;
      check.state = report.ok ? 'passed' : 'failed';
      check.summary = report.ok ? '' : failedSummary(report);
      keepFinishedRun(id, report);
    } catch (error) {
      const e = ipc.asIpcError(error);
      check.error = e;
      check.state = e.code === 'secret_missing' ? 'secret_missing' : 'not_tested';
    }
  }

  /** Clears the last run's results (not while one is running). */
  dismiss(): void {
    if (this.running) return;
    this.checks = {};
    this.order = [];
    this.finished = false;
  }
}

/** The app's one *Check all*. */
export const checkAll = new CheckAll();
