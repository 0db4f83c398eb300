// Times, durations and numbers in the UI language's format.

import { bilingual, language, localeTag } from './i18n.svelte';
import type { Lang } from './bindings/Lang';

// One set of formatters per language: building an `Intl` formatter costs about a
// millisecond, which a start screen with 200 setups would pay on every render.
interface Formatters {
  relative: Intl.RelativeTimeFormat;
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
  decimal: Intl.NumberFormat;
}

const cache = new Map<Lang, Formatters>();

function formatters(lang: Lang = language.current): Formatters {
  let found = cache.get(lang);
  if (!found) {
    const tag = localeTag(lang);
    found = {
      relative: new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }),
      date: new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric' }),
      dateTime: new Intl.DateTimeFormat(tag, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }),
      number: new Intl.NumberFormat(tag),
      decimal: new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    };
    cache.set(lang, found);
  }
  return found;
}

const JUST_NOW = bilingual({ en: 'just now', de: 'gerade eben' });

/** "just now", "5 minutes ago", "yesterday", else a date. */
export function relativeTime(atMs: number, nowMs: number = Date.now()): string {
  const f = formatters();
  const seconds = Math.round((atMs - nowMs) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return JUST_NOW[language.current];
  if (abs < 45 * 60) return f.relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return f.relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 6 * 86400) return f.relative.format(Math.round(seconds / 86400), 'day');
  return f.date.format(new Date(atMs));
}

export function absoluteTime(atMs: number): string {
  return formatters().dateTime.format(new Date(atMs));
}

/** A count with the language's digit grouping: 12,345 / 12.345. */
export function count(n: number): string {
  return formatters().number.format(n);
}

export function duration(ms: number): string {
  if (ms < 1000) return `${count(Math.max(0, Math.round(ms)))} ms`;
  const seconds = ms / 1000;
  return `${ms < 10_000 ? formatters().decimal.format(seconds) : count(Math.round(seconds))} s`;
}
