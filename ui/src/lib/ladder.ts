// How the connection test's steps are grouped and ordered on screen. The table comes from
// Rust (bindings/ladder.ts, generated from the step table): a finished step carries its own
// `group`, a running one is placed by its id, and steps keep ladder order whatever order
// they finish in. A step this build does not know (a newer core) goes last, under its own
// group if it has one.

import { LADDER, STEP_GROUPS } from './bindings/ladder';
import type { StepRow } from './session.svelte';
import { bilingual, language } from './i18n.svelte';

const OTHER = { id: 'other', title: bilingual({ en: 'Other checks', de: 'Weitere Prüfungen' }) };

const RUNG = new Map(LADDER.map((step, index) => [step.id as string, { index, group: step.group as string }]));

export function groupOf(step: StepRow): string {
  return step.group ?? RUNG.get(step.id)?.group ?? OTHER.id;
}

/** Steps sorted into ladder order (unknown ones keep their order, after the known). */
export function ladderOrder(steps: StepRow[]): StepRow[] {
  const rank = (s: StepRow, i: number) => (RUNG.get(s.id)?.index ?? LADDER.length) * 1000 + i;
  return steps
    .map((s, i) => ({ s, r: rank(s, i) }))
    .sort((a, b) => a.r - b.r)
    .map(({ s }) => s);
}

export interface StepGroupView {
  id: string;
  heading: string;
  steps: StepRow[];
}

/** Steps under their headings, headings in ladder order, empty groups left out. */
export function groupSteps(steps: StepRow[]): StepGroupView[] {
  const ordered = ladderOrder(steps);
  const known: StepGroupView[] = STEP_GROUPS.map((g) => ({
    id: g.id,
    heading: g.title[language.current],
    steps: ordered.filter((s) => groupOf(s) === g.id),
  }));
  const others = [...new Set(ordered.map(groupOf).filter((g) => !STEP_GROUPS.some((h) => h.id === g)))].map(
    (id) => ({
      id,
      heading: id === OTHER.id ? OTHER.title[language.current] : id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      steps: ordered.filter((s) => groupOf(s) === id),
    }),
  );
  return [...known, ...others].filter((g) => g.steps.length > 0);
}
