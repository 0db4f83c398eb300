// The only module that talks to Tauri. Every call the UI makes to the Rust side is here,
// typed with the bindings generated from the Rust types (src/lib/bindings, `make bindings`).
//
// Errors: every command rejects with an IpcError { code, message }. Branch on `code`, show
// `message`. A damaged setups file found by any command is set aside and reported once, as
// `notice` on the StartView or SetupView that command returns (or by deleteSetup). The client secret goes to Rust once (storeSecret) and never comes back.

import { invoke, Channel } from '@tauri-apps/api/core';
import type { CheckEvent } from './bindings/CheckEvent';
import type { CheckReport } from './bindings/CheckReport';
import type { EndpointPreview } from './bindings/EndpointPreview';
import type { ExplicitUrls } from './bindings/ExplicitUrls';
import type { IpcError } from './bindings/IpcError';
import type { SecretState } from './bindings/SecretState';
import type { SecretKind } from './bindings/SecretKind';
import type { SecretLeftovers } from './bindings/SecretLeftovers';
import type { PingOnePlanView } from './bindings/PingOnePlanView';
import type { PingOneApplyView } from './bindings/PingOneApplyView';
import type { SwitchedOn } from './bindings/SwitchedOn';
import type { NewPairOutcome } from './bindings/NewPairOutcome';
import type { SetupInput } from './bindings/SetupInput';
import type { SetupView } from './bindings/SetupView';
import type { StartView } from './bindings/StartView';
import type { Lang } from './bindings/Lang';
import type { LanguageState } from './bindings/LanguageState';

export type { IpcError };

/** Narrows an unknown rejection to IpcError (anything else becomes code "internal"). */
export function asIpcError(error: unknown): IpcError {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    return error as IpcError;
  }
  return { code: 'internal', message: String(error) };
}

/** The language in use (the admin's saved choice, else the system's). */
export const languageState = (): Promise<LanguageState> => invoke('language_state');

/** Switches Rust's texts to `lang` and remembers the choice for the next start. */
export const setLanguage = (lang: Lang): Promise<LanguageState> => invoke('set_language', { lang });

export const listSetups = (): Promise<StartView> => invoke('list_setups');

/** The setups asked for at launch (main.ts), until the start screen takes them. */
let setupsAskedAtLaunch: Promise<StartView> | null = null;

/**
 * Asks for the setups at launch, alongside the language, so the start screen does not wait
 * for a second round trip after the language's (about 20 ms at launch; docs/lean.md).
 */
export function askSetupsAtLaunch(): void {
  setupsAskedAtLaunch = listSetups();
  // Whoever takes the answer handles its error; until then it is not unhandled.
  setupsAskedAtLaunch.catch(() => {});
}

/** The setups asked for at launch, the first time; after that (or without one) asks again. */
export function takeSetupsAskedAtLaunch(): Promise<StartView> {
  const asked = setupsAskedAtLaunch ?? listSetups();
  setupsAskedAtLaunch = null;
  return asked;
}

export const createSetup = (name: string): Promise<SetupView> => invoke('create_setup', { name });

export const saveSetup = (input: SetupInput): Promise<SetupView> => invoke('save_setup', { input });

/**
 * Deletes the setup and its keychain entry. Resolves to a notice (show it) when the saved
 * setups file turned out to be damaged and was set aside, else null.
 */
export const deleteSetup = (id: string): Promise<string | null> => invoke('delete_setup', { id });

/**
 * Live feedback while typing: the derived URLs and notes, or what is wrong. `id` lets Rust
 * recognise the setup's stored client secret pasted into an address field.
 */
export const previewEndpoints = (
  id: string,
  domain: string,
  advanced: ExplicitUrls | null,
): Promise<EndpointPreview> => invoke('preview_endpoints', { id, domain, advanced });

/**
 * Stores one of the setup's secrets (`kind`: the Haiilo client secret, or the PingOne worker
 * app's) in the OS keychain, or for this session only when `sessionOnly` (offer that after a
 * `keychain_unavailable` error).
 */
export const storeSecret = (
  id: string,
  secret: string,
  sessionOnly: boolean,
  leftovers: SecretLeftovers = 'refuse',
  kind: SecretKind = 'haiilo',
): Promise<SecretState> => invoke('store_secret', { id, secret, sessionOnly, leftovers, kind });

export const removeSecret = (id: string, kind: SecretKind = 'haiilo'): Promise<SecretState> =>
  invoke('remove_secret', { id, kind });

/**
 * Reads PingOne (with the setup's PingOne access) and returns what *Apply to PingOne* would
 * write, or findings when PingOne could not be read. `resendSecret`: send the Haiilo secret
 * even if nothing else changes.
 */
export const pingonePlan = (id: string, resendSecret: boolean): Promise<PingOnePlanView> =>
  invoke('pingone_plan', { id, resendSecret });

/**
 * Writes the plan last shown by pingonePlan. Rejects with `plan_changed` (nothing written;
 * show the plan again) when PingOne changed since, `no_plan_shown` without a shown plan.
 */
export const pingoneApply = (id: string, resendSecret: boolean): Promise<PingOneApplyView> =>
  invoke('pingone_apply', { id, resendSecret });

/**
 * Switches the rule for this tenant on in PingOne. Rejects with `cloud_test_not_passed` unless
 * the last run saw PingOne's own connection test pass, `switch_on_refused` with PingOne's reason.
 */
export const pingoneSwitchRuleOn = (id: string): Promise<SwitchedOn> => invoke('pingone_switch_rule_on', { id });

/** Where the new Haiilo secret of a change of client pair waits (`none`: no change going on). */
export const newPairState = (id: string): Promise<SecretState> => invoke('new_pair_state', { id });

/**
 * Tests the new pair (`clientId` and the secret stored with kind `haiilo_pending`) against
 * Haiilo. When Haiilo accepts it, it becomes the setup's pair (`promoted`, with the new
 * view); otherwise the old pair stays and `message` says why.
 */
export const testNewPair = (id: string, clientId: string): Promise<NewPairOutcome> =>
  invoke('test_new_pair', { id, clientId });

export const copyText = (text: string): Promise<void> => invoke('copy_text', { text });

/** Copies the stored secret on the Rust side; resolves to the seconds until it is cleared. */
export const copySecret = (id: string): Promise<number> => invoke('copy_secret', { id });

/** Runs the connection test; `onEvent` receives each step as it starts and finishes. */
export function runCheck(id: string, onEvent: (event: CheckEvent) => void): Promise<CheckReport> {
  const channel = new Channel<CheckEvent>();
  channel.onmessage = onEvent;
  return invoke('run_check', { id, onEvent: channel });
}

/** Starts the local demo tenant and returns the ready-made setup pointing at it. */
export const startDemo = (): Promise<SetupView> => invoke('start_demo');

/** Opens an https:// link in the default browser. */
export const openLink = (url: string): Promise<void> => invoke('open_link', { url });

/**
 * Saves the last run's report via the native save dialog (the file name's extension picks
 * Markdown, HTML or JSON). Resolves to the path written, or null when cancelled.
 * Rejects with `no_report` before the first run. With `includeUsers` the report lists the
 * first users' userNames and names (personal data); without, only their number.
 */
export const saveReport = (id: string, includeUsers: boolean): Promise<string | null> =>
  invoke('save_report', { id, includeUsers });

/** Copies a few lines about the last run, for a ticket. */
export const copySummary = (id: string): Promise<void> => invoke('copy_summary', { id });

/**
 * Exports the setup to a file chosen in the native save dialog, without its Client Secret
 * (docs/setup-file.md). Resolves to the path written, or null when cancelled. Rejects with
 * `demo_not_exportable`, `secret_in_setup` (its secret is typed into a field) or
 * `write_failed`.
 */
export const exportSetup = (id: string): Promise<string | null> => invoke('export_setup', { id });

/**
 * Imports a setup file chosen in the native open dialog as a new setup (new id; a name
 * already taken gets " (2)"…), without a secret. Resolves to its view, or null when
 * cancelled. Rejects with `not_a_setup_file`, `newer_format`, `damaged_file`,
 * `file_too_large`, `read_failed`, or an input code for an address holding a credential.
 */
export const importSetup = (): Promise<SetupView | null> => invoke('import_setup');
