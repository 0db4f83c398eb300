// Views shaped exactly like the Rust side sends them (types from the generated bindings).
// Check runs are real Rust output (see "check runs" below); the setup views are built here
// the way src-tauri/src/view.rs and core/src/pingone.rs build them, with the texts that do
// not depend on the setup taken from a generated run.
import type { CheckEvent } from '../../src/lib/bindings/CheckEvent';
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import type { Endpoints } from '../../src/lib/bindings/Endpoints';
import type { FormField } from '../../src/lib/bindings/FormField';
import type { LastCheck } from '../../src/lib/bindings/LastCheck';
import type { PingOneValues } from '../../src/lib/bindings/PingOneValues';
import type { Setup } from '../../src/lib/bindings/Setup';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import type { StepId } from '../../src/lib/bindings/StepId';
import type { StepResult } from '../../src/lib/bindings/StepResult';
import readyRun from '../fixtures/checks/ready.json';
import readyWithWarningRun from '../fixtures/checks/ready-with-warning.json';
import wrongSecretRun from '../fixtures/checks/wrong-secret.json';
import filterIgnoredRun from '../fixtures/checks/filter-ignored.json';
import unreachableRun from '../fixtures/checks/unreachable.json';
import acmeView from '../fixtures/views/acme.json';
import pastedUrlView from '../fixtures/views/pasted-url.json';

export function endpointsFor(host: string, notes: string[] = []): Endpoints {
  return {
    host,
    scim_base_url: `https://${host}/api/scim/v2`,
    token_url: `https://${host}/api/oauth/token`,
    notes,
  };
}

export function formFields(e: Endpoints, clientId: string | null): FormField[] {
  const shown = (label: string, value: string): FormField => ({ label, value, is_secret: false });
  return [
    shown('SCIM BASE URL', e.scim_base_url),
    shown('SCIM Version', '2.0'),
    shown('Users Resource', '/Users'),
    shown('Groups Resource', '/Groups'),
    shown('Authentication Method', 'OAuth 2 Client Credentials'),
    shown('OAuth Token Request', e.token_url),
    { label: 'OAuth Client ID', value: clientId, is_secret: false },
    shown('Auth Type Header', 'Bearer'),
    { label: 'OAuth Client Secret', value: null, is_secret: true },
  ];
}

export function makeSetup(overrides: Partial<Setup> = {}): Setup {
  return {
    id: 'setup-1',
    name: 'Acme',
    domain: '',
    advanced: null,
    client_id: '',
    pending_client_id: '',
    done_steps: [],
    group_provisioning: 'undecided',
    groups_note: '',
    last_check: null,
    is_demo: false,
    pingone: null,
    secret_saved_ms: null,
    pingone_applied_ms: null,
    created_ms: 1_700_000_000_000,
    updated_ms: 1_700_000_000_000,
    ...overrides,
  };
}

/**
 * PingOneValues::new for a public https endpoint: the connection values, and Rust's own
 * rule texts and advice, read from a generated run (they are the same for every setup; the
 * run's first note is about its loopback address, which a public domain does not get).
 */
export function pingOneValues(endpoints: Endpoints, clientId: string | null): PingOneValues {
  const generated = checkRun('ready').report.pingone;
  const advice = generated.notes.filter((note) => !note.startsWith('PingOne cannot use these addresses'));
  return {
    connection: {
      ...generated.connection,
      scim_base_url: endpoints.scim_base_url,
      oauth_token_request: endpoints.token_url,
      oauth_client_id: clientId,
    },
    rule: generated.rule,
    notes: [...endpoints.notes, ...advice],
  };
}

// ---- setup views: Rust's derivation for a few typed domains (ui/tests/fixtures/views) ----

/** What Rust derives from a typed domain and Client ID (`make fixtures` writes them). */
export interface DerivedView {
  about: string;
  domain: string;
  client_id: string;
  endpoints: Endpoints;
  values: PingOneValues;
  form_fields: FormField[];
}

const VIEWS = { acme: acmeView, 'pasted-url': pastedUrlView };

/** A copy of one of Rust's derived views (the cast as for `checkRun`). */
export function derivedView(name: keyof typeof VIEWS): DerivedView {
  return structuredClone(VIEWS[name]) as unknown as DerivedView;
}

/** What a view holds about PingOne access when the setup has none (Rust's `setup_view`). */
const NO_PINGONE_ACCESS = {
  worker_secret: { location: 'none', keychain_error: null },
  pingone_access: null,
  pingone_access_error: null,
} as const satisfies Pick<SetupView, 'worker_secret' | 'pingone_access' | 'pingone_access_error'>;

/** A whole SetupView around Rust's derived part: the setup typed as the fixture says. */
export function viewFromRust(
  name: keyof typeof VIEWS,
  secret: SetupView['secret']['location'] = 'none',
  overrides: Partial<Setup> = {},
): SetupView {
  const derived = derivedView(name);
  return {
    setup: makeSetup({ domain: derived.domain, client_id: derived.client_id, ...overrides }),
    endpoints: derived.endpoints,
    endpoint_error: null,
    endpoint_error_field: null,
    values: derived.values,
    form_fields: derived.form_fields,
    secret: { location: secret, keychain_error: null },
    ...NO_PINGONE_ACCESS,
  };
}

/** A view as Rust derives it: endpoints and values only when the domain is set. */
export function makeView(overrides: Partial<Setup> = {}, secret: SetupView['secret']['location'] = 'none'): SetupView {
  const setup = makeSetup(overrides);
  const host = setup.domain.trim().toLowerCase();
  const endpoints = host ? endpointsFor(host) : null;
  const clientId = setup.client_id.trim() || null;
  return {
    setup,
    endpoints,
    endpoint_error: endpoints ? null : { code: 'empty', message: 'Enter your Haiilo domain, for example acme.haiilo.app.' },
    endpoint_error_field: endpoints ? null : 'domain',
    values: endpoints ? pingOneValues(endpoints, clientId) : null,
    form_fields: endpoints ? formFields(endpoints, clientId) : [],
    secret: { location: secret, keychain_error: null },
    ...NO_PINGONE_ACCESS,
  };
}

// ---- check runs: real Rust output, never hand-made ----
//
// ui/tests/fixtures/checks/*.json are check runs against the demo tenant, written by
// src-tauri/crates/cli/tests/ui_fixtures.rs (`make fixtures`; that test fails when they are
// out of date). Steps ran one after another there, so `events` are in run order, and every
// step that ran is normalised to start at 10 ms and take 10 ms (skipped ones: 0).

/** One generated run: what it shows, the events as the Channel carried them, the report. */
export interface CheckRun {
  about: string;
  events: CheckEvent[];
  report: CheckReport;
}

const RUNS = {
  ready: readyRun,
  'ready-with-warning': readyWithWarningRun,
  'wrong-secret': wrongSecretRun,
  'filter-ignored': filterIgnoredRun,
  unreachable: unreachableRun,
};

export type Scenario = keyof typeof RUNS;

/**
 * A fresh copy of a generated run, so a test may change it. The JSON is serde's output of
 * these very types; the cast only gives back the literal types (`'pass'`, step ids) that a
 * JSON import widens to `string`.
 */
export function checkRun(name: Scenario): CheckRun {
  return structuredClone(RUNS[name]) as unknown as CheckRun;
}

/** A step of the run's report; throws (failing the test) when Rust did not send it. */
export function stepOf(run: CheckRun, id: StepId): StepResult {
  const found = run.report.steps.find((s) => s.id === id);
  if (!found) throw new Error(`the ${run.about} run has no step ${id}`);
  return found;
}

/** The run's `step_started` or `step_finished` event (as `kind` says) of one step. */
export function eventOf(run: CheckRun, id: StepId, kind: CheckEvent['event']): CheckEvent {
  const found = run.events.find((e) => e.event === kind && e.id === id);
  if (!found) throw new Error(`the ${run.about} run has no ${kind} event for ${id}`);
  return found;
}

/**
 * The setup a run was made with, as Rust's `setup_view` shows it: the demo tenant's
 * practice setup (the runs' ready verdicts for a loopback target are only given to it),
 * with the run's target as its Advanced URLs and the run's own PingOne values.
 */
export function viewOf(run: CheckRun, secret: SetupView['secret']['location'] = 'session'): SetupView {
  const { scim_base_url, token_url, client_id } = run.report.target;
  const endpoints: Endpoints = { host: new URL(scim_base_url).host, scim_base_url, token_url, notes: [] };
  const setup = makeSetup({
    name: 'Demo tenant (local practice)',
    domain: 'demo.haiilo.test',
    advanced: { scim_base_url, token_url },
    client_id,
    is_demo: true,
  });
  return {
    setup,
    endpoints,
    endpoint_error: null,
    endpoint_error_field: null,
    values: run.report.pingone,
    form_fields: formFields(endpoints, client_id),
    secret: { location: secret, keychain_error: null },
    ...NO_PINGONE_ACCESS,
  };
}

/**
 * What a setup keeps of a run (its `last_check`), built as commands/check.rs `last_check`
 * builds it from the report: the first failed step's summary, or the number of users.
 */
export function lastCheckOf(run: CheckRun, atMs: number): LastCheck {
  const { report } = run;
  const failed = report.steps.find((s) => s.status === 'fail');
  const total = report.users?.total_results ?? null;
  return {
    at_ms: atMs,
    ok: report.ok,
    summary: failed ? failed.summary : total !== null ? `${total} ${total === 1 ? 'user' : 'users'} in Haiilo` : 'Connected',
    finding_codes: report.steps.flatMap((s) => (s.finding ? [s.finding.code] : [])),
    total_users: total,
    // The generated runs have no PingOne access: Rust keeps no PingOne line then.
    pingone: null,
    // The generated runs are Rust's English ones.
    lang: 'en',
  };
}

/** Resolves after pending promise callbacks (IPC mocks answer asynchronously). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export function last<T>(items: T[]): T | undefined {
  return items[items.length - 1];
}
