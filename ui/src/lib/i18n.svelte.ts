// The UI's language: English or German. Rust decides which (the admin's saved choice, else
// the system's language) and words its own texts (findings, reports, errors) in the same
// one; the UI asks once at start and tells Rust when the admin switches.
//
// Each component keeps its texts next to its markup, in both languages:
//
//   const TEXT = bilingual({ en: { title: 'Your setups', count: (n: number) => `${n} setups` },
//                            de: { title: 'Ihre Setups', count: (n: number) => `${n} Setups` } });
//   const t = $derived(TEXT[language.current]);
//
// `bilingual` makes TypeScript refuse a German table that lacks a key of the English one.
//
// PingOne's console is English only: PingOne's field names and values stay English in both
// languages and are marked `lang="en"` in the markup (screen readers pronounce them right,
// and the German walk-through test knows they are meant to be English).

import { untrack } from 'svelte';
import type { Lang } from './bindings/Lang';

class Language {
  current: Lang = $state('en');
  /** The system's language, for the switcher's hint. */
  system: Lang = $state('en');
  /** Whether the admin chose the language in the app. */
  chosen = $state(false);
  /**
   * Bumped once Rust has switched too: screens showing Rust's words (notes, an address's
   * error, the saved list) ask for them again. 0 until the first switch.
   */
  rustSwitched = $state(0);
}

export const language = new Language();

export const LANGUAGES: readonly { id: Lang; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'de', name: 'Deutsch' },
];

export function bilingual<T>(table: { en: T; de: NoInfer<T> }): Record<Lang, T> {
  return table;
}

/** The BCP 47 tag for `Intl` and the document's `lang` attribute. */
export function localeTag(lang: Lang = language.current): string {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

/** Sets the language shown; the document's `lang` follows, for screen readers and hyphens. */
export function showLanguage(lang: Lang): void {
  language.current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/**
 * Calls `reword` each time Rust switches language from now on (not for switches before the
 * caller existed: it has just asked Rust anyway). Call it while a component initialises.
 */
export function onRustSwitch(reword: () => unknown): void {
  let seen = untrack(() => language.rustSwitched);
  $effect(() => {
    const now = language.rustSwitched;
    if (now === seen) return;
    seen = now;
    untrack(reword);
  });
}
