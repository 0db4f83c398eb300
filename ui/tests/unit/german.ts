// The German walk-through's eye for English, for component tests: every text a user sees or
// hears in a rendered component (text, aria-label, title, placeholder, alt), leaving out what
// is English on purpose: PingOne's labels (lang="en"), code, pre and verbatim server text.
// The shared module reads its word list from beside its own file (`new URL(…,
// import.meta.url)`). Vite would rewrite that into a web address, and jsdom's URL (the test
// environment's global) cannot read files either: so Node loads it itself, unchanged
// (require of an ES module, Node 20.19+), with Node's URL standing in while it loads.
// @ts-expect-error: Node's own modules (the UI has no Node types)
const [{ URL: NodeURL }, { createRequire }] = await Promise.all([import('node:url'), import('node:module')]);
const jsdomURL = globalThis.URL;
globalThis.URL = NodeURL;
let shared: { englishWords: (text: string) => string[] };
try {
  shared = createRequire(import.meta.url)('../../../tests/i18n/english.mjs');
} finally {
  globalThis.URL = jsdomURL;
}

/** The English words in a text (tests/i18n/english.mjs; the same list Rust's tests use). */
export const englishWords: (text: string) => string[] = shared.englishWords;

/**
 * Parts other helpers own and translate on their own branches (issue 7's split of files):
 * left out here until those branches are merged, so that this test judges only these files.
 */
export const OWNED_ELSEWHERE = [
  '[data-testid="unconfirmed"]', // Unconfirmed (start helper): its badge text
  '.copy-field', // CopyField (start helper): its Copy button
  '[data-testid="copy-status"]', // CopyStatus (start helper)
  '[data-testid="imported-note"]', // ImportedNote (start helper)
];

const ENGLISH_ON_PURPOSE = '[lang="en"], code, pre, [data-verbatim], script, style';

/** Each shown text with English words in it, as "words … in: text" lines (empty: all German). */
export function englishIn(root: HTMLElement, skip: string[] = OWNED_ELSEWHERE): string[] {
  const skipped = (el: Element) => el.closest([ENGLISH_ON_PURPOSE, ...skip].join(', ')) !== null;
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    if (text && node.parentElement && !skipped(node.parentElement)) texts.push(text);
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (skipped(el)) continue;
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr)?.trim();
      if (value) texts.push(value);
    }
  }
  return texts.flatMap((text) => {
    const words = englishWords(text);
    return words.length > 0 ? [`${words.join(', ')} in: ${text}`] : [];
  });
}
