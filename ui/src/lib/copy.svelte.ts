// Copying values to the clipboard (through Rust) and the one live message that says what
// happened. One instance per screen; its message is shown by <CopyStatus>.
//
// The message is kept as a function of the language, not as a finished text: switching the
// language while a confirmation is on screen words it again in the new one.

import * as ipc from './ipc';
import { count } from './format';
import { bilingual, language } from './i18n.svelte';

export type CopyTone = 'ok' | 'error';

/** What was copied, named in the current language (a function, to follow a switch). */
export type CopiedName = string | (() => string);

/** German puts the name first: its first letter starts the sentence ("alle Werte" → "Alle Werte"). */
const sentenceStart = (text: string) => text.charAt(0).toLocaleUpperCase('de-DE') + text.slice(1);

const TEXT = bilingual({
  en: {
    copied: (what: string) => `Copied ${what}.`,
    failed: (what: string, why: string) => `Could not copy ${what}: ${why}`,
    secretCopied: (seconds: number) =>
      `Copied the OAuth Client Secret. The clipboard will be cleared in ${count(seconds)} seconds; paste it into PingOne now.`,
    secretMissing: 'No Client Secret is stored for this setup yet. Store it in Phase 1 first.',
    secretFailed: (why: string) => `Could not copy the secret: ${why}`,
  },
  de: {
    copied: (what: string) => `${sentenceStart(what)} kopiert.`,
    failed: (what: string, why: string) => `${sentenceStart(what)} konnte nicht kopiert werden: ${why}`,
    secretCopied: (seconds: number) =>
      `„OAuth Client Secret“ kopiert. Die Zwischenablage wird in ${count(seconds)} Sekunden geleert; fügen Sie es jetzt in PingOne ein.`,
    secretMissing: 'Für dieses Setup ist noch kein Client Secret gespeichert. Speichern Sie es zuerst in Phase 1.',
    secretFailed: (why: string) => `Das Secret konnte nicht kopiert werden: ${why}`,
  },
});

const nameOf = (what: CopiedName): string => (typeof what === 'string' ? what : what());

export class Copier {
  /** Words the current message in the language shown now; null when there is none. */
  #wording: ((t: (typeof TEXT)['en']) => string) | null = $state(null);
  tone: CopyTone = $state('ok');
  /** Key of the value copied last (for the button's own short "Copied" state). */
  lastKey: string | null = $state(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #hideTimer: ReturnType<typeof setTimeout> | undefined;

  /** The live message, in the UI language ('' when nothing is to be said). */
  get message(): string {
    return this.#wording ? this.#wording(TEXT[language.current]) : '';
  }

  /** Confirmations fade after a while (errors stay until the next copy). */
  #say(
    message: (t: (typeof TEXT)['en']) => string,
    tone: CopyTone,
    key: string | null,
    hideAfterMs: number | null = null,
  ): void {
    this.#wording = message;
    this.tone = tone;
    this.lastKey = key;
    clearTimeout(this.#timer);
    clearTimeout(this.#hideTimer);
    if (key) this.#timer = setTimeout(() => (this.lastKey = null), 2000);
    if (hideAfterMs !== null) this.#hideTimer = setTimeout(() => (this.#wording = null), hideAfterMs);
  }

  /**
   * Copies `text`; `what` names it in the confirmation ("SCIM BASE URL"), in the UI
   * language: German texts put PingOne's labels in „…“ (CopyField does).
   */
  async copyText(what: CopiedName, text: string, key: string = nameOf(what)): Promise<boolean> {
    try {
      await ipc.copyText(text);
      this.#say((t) => t.copied(nameOf(what)), 'ok', key, 5000);
      return true;
    } catch (error) {
      const why = ipc.asIpcError(error).message;
      this.#say((t) => t.failed(nameOf(what), why), 'error', null);
      return false;
    }
  }

  /**
   * Copies the stored secret on the Rust side. Resolves to the IpcError code on failure
   * (`secret_missing` means nothing is stored) or null on success.
   */
  async copySecret(setupId: string): Promise<string | null> {
    try {
      const seconds = await ipc.copySecret(setupId);
      this.#say((t) => t.secretCopied(seconds), 'ok', 'secret', 15_000);
      return null;
    } catch (error) {
      const e = ipc.asIpcError(error);
      this.#say((t) => (e.code === 'secret_missing' ? t.secretMissing : t.secretFailed(e.message)), 'error', null);
      return e.code;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#hideTimer);
  }
}
