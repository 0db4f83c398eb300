// For the German component tests: the UI's own words a user sees or hears, and which of them
// are English. What is English on purpose is left out: PingOne's labels ([lang="en"]), code,
// server evidence shown as it came ([data-verbatim]) and, while the generated check runs
// still carry Rust's English texts, whatever came from Rust ([data-from-rust]); a test
// may leave out more (components another file owns) by selector.
import { afterEach, beforeEach } from 'vitest';
import { showLanguage } from '../../src/lib/i18n.svelte';

// @ts-ignore: a plain JavaScript module without type declarations (Node loads it: vite.config.ts).
import * as detector from '../../../tests/i18n/english.mjs';

/** The detector the German walk-through uses, shared with the flows and the e2e tests. */
export const englishWords: (text: string) => string[] = detector.englishWords;

const ON_PURPOSE = '[lang="en"], code, pre, kbd, [data-verbatim], [data-from-rust], script, style, [hidden]';
const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt'];

/** Every text a user sees or hears in `root` (texts and the attributes read out), with where it is. */
export function shownTexts(root: HTMLElement, skip: string[] = []): { text: string; where: string }[] {
  const left = [ON_PURPOSE, ...skip].join(', ');
  const where = (el: Element) => el.closest('[data-testid]')?.getAttribute('data-testid') ?? el.tagName.toLowerCase();
  // A text from Rust also appears inside the UI's own attributes (a bar's label names its
  // step): those parts are taken out before the rest is read.
  const fromRust = [...root.querySelectorAll('[data-from-rust]')]
    .map((el) => el.textContent?.trim() ?? '')
    .filter((text) => text.length > 0)
    .sort((a, b) => b.length - a.length);
  const texts: { text: string; where: string }[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const parent = node.parentElement;
    if (!text || !parent || parent.closest(left)) continue;
    texts.push({ text, where: where(parent) });
  }
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (el.closest(left)) continue;
    for (const attr of ATTRIBUTES) {
      let value = el.getAttribute(attr)?.trim();
      if (!value) continue;
      for (const rust of fromRust) value = value.split(rust).join(' ');
      texts.push({ text: value, where: `${where(el)} @${attr}` });
    }
  }
  return texts;
}

/** The shown texts with English words in them, one readable line each (empty when all is German). */
export function englishLeft(root: HTMLElement = document.body, skip: string[] = []): string[] {
  return shownTexts(root, skip)
    .map(({ text, where }) => ({ text, where, words: englishWords(text) }))
    .filter((t) => t.words.length > 0)
    .map((t) => `${t.where}: “${t.text}” (English: ${[...new Set(t.words)].join(', ')})`);
}

/** Runs each test of the calling `describe` in German, and puts English back afterwards. */
export function inGerman(): void {
  beforeEach(() => showLanguage('de'));
  afterEach(() => showLanguage('en'));
}

/** `englishLeft` as "words in: text" lines, the form the phases' tests print. */
export function englishIn(root: HTMLElement, skip: string[] = []): string[] {
  return shownTexts(root, skip).flatMap(({ text }) => {
    const words = englishWords(text);
    return words.length > 0 ? [`${words.join(', ')} in: ${text}`] : [];
  });
}
