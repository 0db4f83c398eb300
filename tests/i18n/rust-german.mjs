// Every German text in the Rust sources, read for English words: the second argument of
// each tr!/trf! (haiilo_scim_core::lang). The Rust tests read the texts a run produces;
// this reads them all, including those no test run reaches (rare refusals, errors of the
// file system). Placeholders ({name}) and PingOne's labels inside „…“ are not read.
// Run by `make ui-test`; exits 1 with the texts it found English in.

import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { englishWords } from './english.mjs';

const root = resolve(import.meta.dirname, '../..');
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'tests' ? [] : sources(path);
    return entry.name.endsWith('.rs') ? [path] : [];
  });

// tr!("English", "German") and trf!("English {x}", "German {x}", …): two string literals.
const LITERAL = String.raw`"((?:[^"\\]|\\.)*)"`;
const PAIR = new RegExp(String.raw`\btrf?!\(\s*${LITERAL}\s*,\s*${LITERAL}`, 'gs');

/** The German literal as the text reads: line continuations joined, escapes undone. */
const asText = (literal) =>
  literal
    .replace(/\\\n\s*/g, '')
    .replace(/\\n/g, ' ')
    .replace(/\\(["\\])/g, '$1')
    .replace(/\{[\w:.?]*\}/g, ' ');

let pairs = 0;
const english = [];
for (const file of sources(join(root, 'src-tauri'))) {
  for (const match of readFileSync(file, 'utf8').matchAll(PAIR)) {
    pairs += 1;
    const words = englishWords(asText(match[2]));
    if (words.length) english.push(`${relative(root, file)}: ${JSON.stringify(words)} in "${asText(match[2])}"`);
  }
}
if (pairs < 500) {
  console.log(`rust-german: only ${pairs} tr!/trf! texts found: the pattern no longer matches the sources`);
  process.exit(1);
}
if (english.length) {
  console.log(`rust-german: English in ${english.length} of ${pairs} German texts:\n${english.join('\n')}`);
  process.exit(1);
}
console.log(`rust-german: ${pairs} German texts in the Rust sources, no English word in any`);
