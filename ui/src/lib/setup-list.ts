// The start screen's list with many setups: a search over what admins tell their tenants
// apart by, and the orders they look for (recently changed, by name, failing first).
// Pure functions over the views Rust sent, so they are tested without the screen.

import type { Lang } from './bindings/Lang';
import type { SetupView } from './bindings/SetupView';
import { count } from './format';
import { bilingual, language, localeTag } from './i18n.svelte';

export type SetupOrder = 'changed' | 'name' | 'result';

export const SETUP_ORDERS: readonly SetupOrder[] = ['changed', 'name', 'result'];

const TEXT = bilingual({
  en: {
    order: { changed: 'Last changed', name: 'Name', result: 'Last result, failing first' } as Record<SetupOrder, string>,
    setups: (n: number, formatted: string) => `${formatted} ${n === 1 ? 'setup' : 'setups'}`,
    of: (shown: string, total: string) => `${shown} of ${total}`,
  },
  de: {
    order: { changed: 'Zuletzt geändert', name: 'Name', result: 'Letztes Ergebnis, fehlerhafte zuerst' },
    setups: (n: number, formatted: string) => `${formatted} ${n === 1 ? 'Setup' : 'Setups'}`,
    of: (shown: string, total: string) => `${shown} von ${total}`,
  },
});

/** How an order is named in the sort menu, in the UI language. */
export function orderLabel(order: SetupOrder): string {
  return TEXT[language.current].order[order];
}

/** The texts a search looks in: the name, the domain and derived host, the URLs, the Client ID. */
function searchable(view: SetupView): string {
  const s = view.setup;
  return [
    s.name,
    s.domain,
    view.endpoints?.host ?? '',
    s.advanced?.scim_base_url ?? '',
    s.advanced?.token_url ?? '',
    s.client_id,
  ]
    .join('\n')
    .toLowerCase();
}

/**
 * The setups whose name, domain/host or Client ID contain every word of the query (in any
 * order, ignoring case). An empty query keeps them all.
 */
export function filterSetups(views: readonly SetupView[], query: string): SetupView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...views];
  return views.filter((view) => {
    const text = searchable(view);
    return words.every((word) => text.includes(word));
  });
}

// Names sort as the UI language sorts them (German puts „Ä“ with „A“); one collator per
// language, since building one costs more than comparing a few hundred names.
const collators = new Map<Lang, Intl.Collator>();

function collator(): Intl.Collator {
  const lang = language.current;
  let found = collators.get(lang);
  if (!found) {
    found = new Intl.Collator(localeTag(lang), { sensitivity: 'base', numeric: true });
    collators.set(lang, found);
  }
  return found;
}

/** 0: the last test failed, 1: never tested, 2: the last test passed. */
function resultRank(view: SetupView): number {
  const last = view.setup.last_check;
  if (!last) return 1;
  return last.ok ? 2 : 0;
}

/**
 * The setups in the chosen order (a new array). `result` puts failing setups first (the
 * most recent failure on top), then the untested, then the passing; ties go by name.
 */
export function sortSetups(views: readonly SetupView[], order: SetupOrder): SetupView[] {
  const sorted = [...views];
  const names = collator();
  const byName = (a: SetupView, b: SetupView) => names.compare(a.setup.name.trim(), b.setup.name.trim());
  switch (order) {
    case 'changed':
      return sorted.sort((a, b) => b.setup.updated_ms - a.setup.updated_ms || byName(a, b));
    case 'name':
      return sorted.sort((a, b) => byName(a, b) || b.setup.updated_ms - a.setup.updated_ms);
    case 'result':
      return sorted.sort(
        (a, b) =>
          resultRank(a) - resultRank(b) ||
          (b.setup.last_check?.at_ms ?? 0) - (a.setup.last_check?.at_ms ?? 0) ||
          byName(a, b),
      );
  }
}

/** "200 setups", or "12 of 200 setups" while a search narrows the list (German: "12 von 200 Setups"). */
export function countText(shown: number, total: number): string {
  const t = TEXT[language.current];
  return shown === total ? t.setups(total, count(total)) : t.setups(total, t.of(count(shown), count(total)));
}
