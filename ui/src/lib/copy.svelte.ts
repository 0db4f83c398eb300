// Copying values to the clipboard (through Rust) and the one live message that says what
// happened. One instance per screen; its message is shown by <CopyStatus>.

import * as ipc from './ipc';

export type CopyTone = 'ok' | 'error';

export class Copier {
  message = $state('');
  tone: CopyTone = $state('ok');
  /** Key of the value copied last (for the button's own short "Copied" state). */
  lastKey: string | null = $state(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #hideTimer: ReturnType<typeof setTimeout> | undefined;

  /** Confirmations fade after a while (errors stay until the next copy). */
  #say(message: string, tone: CopyTone, key: string | null, hideAfterMs: number | null = null): void {
    this.message = message;
    this.tone = tone;
    this.lastKey = key;
    clearTimeout(this.#timer);
    clearTimeout(this.#hideTimer);
    if (key) this.#timer = setTimeout(() => (this.lastKey = null), 2000);
    if (hideAfterMs !== null) this.#hideTimer = setTimeout(() => (this.message = ''), hideAfterMs);
  }

  /** Copies `text`; `what` names it in the confirmation ("SCIM BASE URL"). */
  async copyText(what: string, text: string, key: string = what): Promise<boolean> {
    try {
      await ipc.copyText(text);
      this.#say(`Copied ${what}.`, 'ok', key, 5000);
      return true;
    } catch (error) {
      this.#say(`Could not copy ${what}: ${ipc.asIpcError(error).message}`, 'error', null);
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
      this.#say(
        `Copied the OAuth Client Secret. The clipboard will be cleared in ${seconds} seconds; paste it into PingOne now.`,
        'ok',
        'secret',
        15_000,
      );
      return null;
    } catch (error) {
      const e = ipc.asIpcError(error);
      this.#say(
        e.code === 'secret_missing'
          ? 'No Client Secret is stored for this setup yet. Store it in Phase 1 first.'
          : `Could not copy the secret: ${e.message}`,
        'error',
        null,
      );
      return e.code;
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#hideTimer);
  }
}
