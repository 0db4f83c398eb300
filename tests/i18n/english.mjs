// The German walk-through's eye for English: which words of a text are English. Shared by
// the browser flows (ui/tests/flows) and the real-window tests (tests/e2e); the Rust tests
// use the same word list (haiilo_scim_core::lang::english_words).
//
// What is not read: PingOne's English labels and quoted server text, which German texts put
// inside „…“ or in markup with lang="en"; web addresses; technical tokens
// (client_secret_basic, /Users, a=b, user@example.com); identifiers mixing digits and letters
// (a UUID's parts); acronyms in capitals (IT, OK).

import { readFileSync } from 'node:fs';

const WORDS = new Set(JSON.parse(readFileSync(new URL('./english-words.json', import.meta.url), 'utf8')).words);

export function englishWords(text) {
  let unquoted = '';
  let depth = 0;
  for (const c of text) {
    if (c === '„') depth += 1;
    else if (c === '“' && depth > 0) depth -= 1;
    else if (depth === 0) unquoted += c;
  }
  return unquoted
    .split(/\s+/)
    // An identifier mixing digits and letters (a UUID, e2e, v2) is not prose.
    .filter((token) => token && !token.includes('://') && !/[_/=@]/.test(token) && !(/\d/.test(token) && /\p{L}/u.test(token)))
    .flatMap((token) => token.split(/[^\p{L}']+/u))
    .map((word) => word.replace(/^'+|'+$/g, ''))
    // An acronym in capitals is a name, not a word: „die IT“.
    .filter((word) => !(word.length > 1 && word === word.toUpperCase()))
    .map((word) => word.toLowerCase())
    .filter((word) => WORDS.has(word));
}

/**
 * Runs in the page: every piece of text a user sees or hears, with where it is, leaving out
 * what is English on purpose (inside [lang="en"], code, pre, [data-verbatim], and the values
 * of fields, which are the admin's own). Pass it to the page as a function.
 */
export function collectShownTexts() {
  // The document's own lang (the UI language) is not a mark of English on purpose.
  const skipped = (el) => {
    const marked = el.closest('[lang="en"], code, pre, kbd, [data-verbatim], script, style, [hidden]');
    return marked !== null && marked !== document.documentElement;
  };
  const where = (el) => {
    const marked = el.closest('[data-testid]');
    return marked ? marked.getAttribute('data-testid') : el.tagName.toLowerCase();
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || skipped(parent)) continue;
    // Hidden by CSS but read by screen readers (visually-hidden) counts; display:none does not.
    if (parent.getClientRects().length === 0 && !parent.closest('.visually-hidden')) continue;
    texts.push({ text, where: where(parent) });
  }
  for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (skipped(el)) continue;
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) texts.push({ text: value.trim(), where: `${where(el)} @${attr}` });
    }
  }
  return texts;
}

/** The shown texts with English in them, as readable lines (empty when all is German). */
export function englishFindings(texts) {
  return texts
    .map(({ text, where }) => ({ where, text, words: englishWords(text) }))
    .filter((t) => t.words.length > 0)
    .map((t) => `${t.where}: “${t.text}” (English: ${[...new Set(t.words)].join(', ')})`);
}
