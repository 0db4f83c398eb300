// Console labels inside guide texts. Guide texts are plain strings (they live in data, not in
// markup), so a label inside one is marked, and GuideSteps/MenuPath show it as a label:
//
//   [[New Connection]]          a PingOne label: English in both languages, shown with lang="en"
//                               so screen readers pronounce it as English
//   {{Benutzerverzeichnisse}}   a Haiilo label, in the UI's language (Haiilo's console has both)
//   {{?API-Clients}}            a Haiilo label no public Haiilo page confirms in this language;
//                               shown with a "not confirmed" badge (docs/what-is-verified.md)
//
// Anything else is plain text. A bracket that opens no label is plain text too.

import { bilingual, language } from './i18n.svelte';

export type Console = 'haiilo' | 'pingone';

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'label'; text: string; console: Console; unconfirmed: boolean };

const LABEL = /\[\[([^\]]+)\]\]|\{\{(\?)?([^}]+)\}\}/g;

/** The text cut into plain text and labels, in order. */
export function labelPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(LABEL)) {
    const start = match.index ?? 0;
    if (start > at) pieces.push({ kind: 'text', text: text.slice(at, start) });
    if (match[1] !== undefined) {
      pieces.push({ kind: 'label', text: match[1], console: 'pingone', unconfirmed: false });
    } else {
      pieces.push({ kind: 'label', text: match[3], console: 'haiilo', unconfirmed: match[2] === '?' });
    }
    at = start + match[0].length;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

/**
 * One part of a menu path: written bare it is a label of the step's console; `{{?…}}` marks
 * a Haiilo label as not confirmed, `[[…]]` / `{{…}}` name the console outright.
 */
export function pathLabel(part: string, console: Console): Extract<Piece, { kind: 'label' }> {
  const pieces = labelPieces(part);
  const only = pieces.length === 1 ? pieces[0] : null;
  return only?.kind === 'label' ? only : { kind: 'label', text: part, console, unconfirmed: false };
}

/** The text without the markup, as a reader sees it. */
export function plainText(text: string): string {
  return labelPieces(text)
    .map((p) => p.text)
    .join('');
}

const UNCONFIRMED = bilingual({
  en: { what: (label: string) => `Haiilo’s label “${label}”` },
  de: { what: (label: string) => `Haiilos deutsche Beschriftung „${label}“` },
});

/** What an unconfirmed Haiilo label badge is about, in the UI's language (read when shown). */
export function unconfirmedWhat(label: string): string {
  return UNCONFIRMED[language.current].what(label);
}
