// One open setup: what the admin has typed (the draft, always kept), what the Rust side
// derived from the last save (the view), saving with a debounce, and the connection test.
//
// The draft is the source of truth for editable fields: a save response never overwrites
// what the admin typed meanwhile, and a failed save keeps everything and says why.

import * as ipc from './ipc';
import type { IpcError } from './ipc';
import type { CheckEvent } from './bindings/CheckEvent';
import type { CheckReport } from './bindings/CheckReport';
import type { Endpoints } from './bindings/Endpoints';
import type { Fact } from './bindings/Fact';
import type { Finding } from './bindings/Finding';
import type { StepResult } from './bindings/StepResult';
import type { LastCheck } from './bindings/LastCheck';
import type { SecretKind } from './bindings/SecretKind';
import type { SecretState } from './bindings/SecretState';
import type { SetupInput } from './bindings/SetupInput';
import type { SetupView } from './bindings/SetupView';
import type { StepStatus } from './bindings/StepStatus';
import { bilingual, language } from './i18n.svelte';

export type EditableField = Exclude<keyof SetupInput, 'id'>;
export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

/** One row of the live step list; built only from event fields, never from known ids. */
export interface StepRow {
  id: string;
  title: string;
  status: 'running' | StepStatus;
  duration_ms: number | null;
  summary: string;
  finding: Finding | null;
  /** Null while running (a step_started event carries no group). */
  group: string | null;
  started_ms: number | null;
  findings: Finding[];
  facts: Fact[];
  skipped_because: string | null;
  skipped_steps: string[];
}

/** A row from a finished step (event or report); tolerates fields an older side omits. */
export function rowFromResult(r: StepResult): StepRow {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    duration_ms: r.duration_ms,
    summary: r.summary,
    finding: r.finding,
    group: r.group ?? null,
    started_ms: r.started_ms ?? null,
    findings: r.findings?.length ? r.findings : r.finding ? [r.finding] : [],
    facts: r.facts ?? [],
    skipped_because: r.skipped_because ?? null,
    skipped_steps: r.skipped_steps ?? [],
  };
}

export interface CheckRun {
  running: boolean;
  steps: StepRow[];
  report: CheckReport | null;
  error: IpcError | null;
}

/** One value the shown result was obtained with that the setup no longer has. */
export interface StaleValue {
  label: string;
  tested: string;
  now: string;
}

/** The names of the values `staleValues` compares (Haiilo's „Client ID“ keeps its label). */
const STALE_LABELS = bilingual({
  en: { scimBaseUrl: 'SCIM base URL', tokenUrl: 'Token URL', clientId: 'Client ID' },
  de: { scimBaseUrl: 'SCIM-Basis-URL', tokenUrl: 'Token-URL', clientId: 'Client ID' },
});

/**
 * The values a report was obtained with that differ from the setup's current endpoints
 * and Client ID. Empty when the report still describes the setup as it is.
 */
export function staleValues(report: CheckReport, endpoints: Endpoints | null, clientId: string): StaleValue[] {
  const names = STALE_LABELS[language.current];
  const pairs: [string, string, string][] = [
    [names.scimBaseUrl, report.target.scim_base_url, endpoints?.scim_base_url ?? ''],
    [names.tokenUrl, report.target.token_url, endpoints?.token_url ?? ''],
    [names.clientId, report.target.client_id, clientId.trim()],
  ];
  return pairs.filter(([, tested, now]) => tested !== now).map(([label, tested, now]) => ({ label, tested, now }));
}

/**
 * The last finished run of each setup, kept while the app runs so that leaving a setup and
 * opening it again shows its results (the report itself is in memory only, as in Rust).
 */
const finishedRuns = new Map<string, CheckRun>();

/** Forgets a setup's kept run (it was deleted). */
export function forgetRun(setupId: string): void {
  finishedRuns.delete(setupId);
}

/** Forgets every kept run, as a fresh app start would (each unit test starts fresh). */
export function forgetAllRuns(): void {
  finishedRuns.clear();
  justImported.clear();
}

/** Keeps a run made outside an open setup (*Check all*), so opening the setup shows it. */
export function keepFinishedRun(setupId: string, report: CheckReport): void {
  finishedRuns.set(setupId, { running: false, steps: report.steps.map(rowFromResult), report, error: null });
}

/** Setups just imported from a file: the next session of each opens at its secret field. */
const justImported = new Set<string>();

/** Marks a setup as just imported (without its secret); its next session says so, once. */
export function markImported(setupId: string): void {
  justImported.add(setupId);
}

/** How long typing may pause before the setup is saved. */
export const SAVE_DELAY_MS = 400;

export function inputFromSetup(view: SetupView): SetupInput {
  const s = view.setup;
  return {
    id: s.id,
    name: s.name,
    domain: s.domain,
    client_id: s.client_id,
    pending_client_id: s.pending_client_id,
    advanced: s.advanced ? { ...s.advanced } : null,
    done_steps: [...s.done_steps],
    group_provisioning: s.group_provisioning,
    groups_note: s.groups_note,
    pingone: s.pingone
      ? { ...s.pingone }
      : { region: '', environment_id: '', worker_client_id: '', auth_url: '', api_url: '' },
  };
}

export class SetupSession {
  /** What Rust derived from the last successful save (endpoints, PingOne values…). */
  view: SetupView = $state() as SetupView;
  /** What the admin typed. Never replaced by a save response. */
  draft: SetupInput = $state() as SetupInput;
  secret: SecretState = $state() as SecretState;
  /** Where the PingOne worker app's secret is (`none` without PingOne access). */
  workerSecret: SecretState = $state() as SecretState;
  saveState: SaveState = $state('saved');
  saveError: IpcError | null = $state(null);
  /** Fields whose last save failed: they show `saveError` next to them. */
  failedFields: EditableField[] = $state([]);
  /** Rust found the saved setups file damaged and set it aside (shown until dismissed). */
  notice: string | null = $state(null);
  /** A typed secret that is not stored yet: kept across screens, never persisted. */
  secretDraft = $state('');
  /** The same for the PingOne worker app's secret. */
  workerSecretDraft = $state('');
  /**
   * A new Haiilo client pair being put in place: where its secret waits (Rust keeps it aside
   * until a test with it passes) and its secret draft (kept across screens). Its Client ID is
   * saved with the setup (`draft.pending_client_id`), so it outlasts a restart as the secret does.
   */
  pendingSecret: SecretState = $state({ location: 'none', keychain_error: null });
  pendingSecretDraft = $state('');
  check: CheckRun = $state({ running: false, steps: [], report: null, error: null });
  /** Opened right after an import: Phase 1 starts at the Client Secret with a note. */
  readonly imported: boolean;

  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = new Set<EditableField>();
  #inflight: Promise<void> | null = null;
  #secretVersion = 0;

  constructor(view: SetupView) {
    this.view = view;
    this.draft = inputFromSetup(view);
    this.secret = view.secret;
    this.workerSecret = view.worker_secret;
    const kept = finishedRuns.get(view.setup.id);
    if (kept) this.check = { ...kept, steps: [...kept.steps] };
    this.notice = view.notice ?? null;
    this.imported = justImported.delete(view.setup.id);
  }

  get id(): string {
    return this.draft.id;
  }

  /** Just imported and still without a secret: Phase 1 starts at the secret, with a note. */
  get awaitsImportedSecret(): boolean {
    return this.imported && this.secret.location === 'none';
  }

  get isDemo(): boolean {
    return this.view.setup.is_demo;
  }

  /** What in the setup changed since the shown result was obtained (empty: still current). */
  get staleValues(): StaleValue[] {
    const report = this.check.report;
    return report ? staleValues(report, this.view.endpoints, this.view.setup.client_id) : [];
  }

  get lastCheck(): LastCheck | null {
    return this.view.setup.last_check;
  }

  /** Changes fields locally at once and saves them after `delayMs` (0: right away). */
  update(patch: Partial<Omit<SetupInput, 'id'>>, delayMs: number = SAVE_DELAY_MS): void {
    for (const key of Object.keys(patch) as EditableField[]) {
      (this.draft as Record<EditableField, unknown>)[key] = patch[key];
      this.#pending.add(key);
    }
    if (this.saveState !== 'error') this.saveState = 'pending';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.settle(), delayMs);
  }

  setStepDone(stepId: string, done: boolean): void {
    const steps = new Set(this.draft.done_steps);
    if (done) steps.add(stepId);
    else steps.delete(stepId);
    this.update({ done_steps: [...steps].sort() }, 0);
  }

  isDone(stepId: string): boolean {
    return this.draft.done_steps.includes(stepId);
  }

  fieldError(field: EditableField): string | null {
    return this.failedFields.includes(field) ? (this.saveError?.message ?? null) : null;
  }

  /** Saves what is pending now; resolves when saved, rejects with the IpcError if not. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    while (this.#inflight) await this.#inflight.catch(() => undefined);
    if (this.#pending.size === 0) {
      if (this.saveState === 'error' && this.saveError) throw this.saveError;
      return;
    }
    const fields = [...this.#pending];
    this.#pending.clear();
    const input = $state.snapshot(this.draft) as SetupInput;
    const secretVersion = this.#secretVersion;
    this.saveState = 'saving';
    const attempt = ipc.saveSetup(input).then(
      (view) => {
        const current = secretVersion === this.#secretVersion;
        const secret = current ? view.secret : this.secret;
        const workerSecret = current ? view.worker_secret : this.workerSecret;
        this.view = { ...view, secret, worker_secret: workerSecret };
        this.secret = secret;
        this.workerSecret = workerSecret;
        if (view.notice) this.notice = view.notice;
        this.failedFields = this.failedFields.filter((f) => !fields.includes(f));
        if (this.failedFields.length === 0) this.saveError = null;
        this.saveState = this.#pending.size > 0 ? 'pending' : this.saveError ? 'error' : 'saved';
      },
      (error: unknown) => {
        const e = ipc.asIpcError(error);
        for (const f of fields) this.#pending.add(f);
        this.failedFields = [...new Set([...this.failedFields, ...fields])];
        this.saveError = e;
        this.saveState = 'error';
        throw e;
      },
    );
    this.#inflight = attempt;
    try {
      await attempt;
    } finally {
      this.#inflight = null;
    }
    if (this.#pending.size > 0) await this.flush();
  }

  /** Flushes and swallows the error (it is shown by the save status). */
  async settle(): Promise<boolean> {
    try {
      await this.flush();
      return true;
    } catch {
      return false;
    }
  }

  setSecretState(state: SecretState, kind: SecretKind = 'haiilo'): void {
    if (kind === 'haiilo_pending') {
      this.pendingSecret = state;
      return;
    }
    this.#secretVersion += 1;
    if (kind === 'haiilo') {
      this.secret = state;
      this.view = { ...this.view, secret: state };
    } else {
      this.workerSecret = state;
      this.view = { ...this.view, worker_secret: state };
    }
  }

  secretState(kind: SecretKind): SecretState {
    if (kind === 'haiilo_pending') return this.pendingSecret;
    return kind === 'haiilo' ? this.secret : this.workerSecret;
  }

  secretDraftOf(kind: SecretKind): string {
    if (kind === 'haiilo_pending') return this.pendingSecretDraft;
    return kind === 'haiilo' ? this.secretDraft : this.workerSecretDraft;
  }

  setSecretDraft(kind: SecretKind, value: string): void {
    if (kind === 'haiilo') this.secretDraft = value;
    else if (kind === 'haiilo_pending') this.pendingSecretDraft = value;
    else this.workerSecretDraft = value;
  }

  /**
   * The new pair passed its test and is now the setup's (`view` is Rust's answer): take the
   * view, and the setup's Client ID and secret state from it.
   */
  adoptNewPair(view: SetupView): void {
    this.#secretVersion += 1;
    this.view = view;
    this.draft.client_id = view.setup.client_id;
    this.draft.pending_client_id = view.setup.pending_client_id;
    this.secret = view.secret;
    this.pendingSecret = { location: 'none', keychain_error: null };
  }

  /** PingOne access is entered (it may still be invalid: see `view.pingone_access_error`). */
  get hasPingOneAccess(): boolean {
    return Object.values(this.draft.pingone).some((v) => v.trim() !== '');
  }

  /** Runs the connection test, streaming each step into `check.steps`. */
  async runCheck(): Promise<void> {
    if (this.check.running) return;
    this.check = { running: true, steps: [], report: null, error: null };
    // Rust tests the saved setup: save what was typed first.
    if (!(await this.settle())) {
      this.check = { running: false, steps: [], report: null, error: this.saveError };
      return;
    }
    try {
      const report = await ipc.runCheck(this.id, (event) => this.#onEvent(event));
      this.#mergeReport(report);
      this.check.report = report;
    } catch (error) {
      this.check.error = ipc.asIpcError(error);
      // Steps that never finished did not run to an end.
      this.check.steps = this.check.steps.filter((s) => s.status !== 'running');
    } finally {
      this.check.running = false;
    }
    finishedRuns.set(this.id, $state.snapshot(this.check) as CheckRun);
    void this.#refreshLastCheck();
  }

  #onEvent(event: CheckEvent): void {
    const steps = this.check.steps;
    const index = steps.findIndex((s) => s.id === event.id);
    const row: StepRow =
      event.event === 'step_started'
        ? {
            id: event.id,
            title: event.title,
            status: 'running',
            duration_ms: null,
            summary: '',
            finding: null,
            group: null,
            started_ms: null,
            findings: [],
            facts: [],
            skipped_because: null,
            skipped_steps: [],
          }
        : rowFromResult(event);
    if (index === -1) steps.push(row);
    else steps[index] = row;
  }

  /** The report is authoritative: add steps that were never streamed, fix statuses. */
  #mergeReport(report: CheckReport): void {
    const rows: StepRow[] = report.steps.map(rowFromResult);
    const known = new Set(rows.map((r) => r.id));
    const extra = this.check.steps.filter((s) => !known.has(s.id) && s.status !== 'running');
    this.check.steps = [...rows, ...extra];
  }

  /**
   * Takes the last check exactly as Rust saved it: the summary, codes and result shown on
   * the stepper and the start screen are Rust's, never a copy made here. If it cannot be
   * read, the previous one stays.
   */
  async #refreshLastCheck(): Promise<void> {
    try {
      const start = await ipc.listSetups();
      if (start.notice) this.notice = start.notice;
      const saved = start.setups.find((s) => s.setup.id === this.id)?.setup.last_check;
      if (saved) this.view = { ...this.view, setup: { ...this.view.setup, last_check: saved } };
    } catch {
      // The run itself is on screen; only the saved summary is not refreshed.
    }
  }

  /**
   * After a switch of language: takes the setup's view again as Rust now words it (its
   * notes, the address's error, PingOne's notes). Pending edits are saved first, so the view
   * matches the draft; the draft itself is never replaced. A finished run keeps the words it
   * was made with.
   */
  async reword(): Promise<void> {
    if (!(await this.settle())) return;
    try {
      const start = await ipc.listSetups();
      const fresh = start.setups.find((s) => s.setup.id === this.id);
      if (!fresh) return;
      this.view = fresh;
      this.secret = fresh.secret;
      this.workerSecret = fresh.worker_secret;
    } catch {
      // The texts stay in the previous language until the next save.
    }
  }

  dismissNotice(): void {
    this.notice = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.secretDraft = '';
    this.workerSecretDraft = '';
    this.pendingSecretDraft = '';
  }
}
