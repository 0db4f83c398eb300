// How the connection test's steps are grouped and ordered on screen. Only data: every step is
// rendered the same way from its event. A step that has finished carries its own `group`;
// the table below places steps that are still running (their start event has no group) and
// orders steps in ladder order while they finish in any order. Unknown steps go last.

import type { StepRow } from './session.svelte';

export const GROUP_HEADINGS: { id: string; heading: string }[] = [
  { id: 'network', heading: 'Network' },
  { id: 'authentication', heading: 'Authentication' },
  { id: 'scim', heading: 'SCIM' },
  { id: 'pingone_compatibility', heading: 'PingOne compatibility' },
];

const OTHER = { id: 'other', heading: 'Other checks' };

/** The ladder, in order, with each rung's group (mirrors the Rust `StepId` order). */
const LADDER: [string, string][] = [
  ['inputs', 'network'],
  ['dns', 'network'],
  ['tcp', 'network'],
  ['tls', 'network'],
  ['token', 'authentication'],
  ['scim_requires_auth', 'authentication'],
  ['service_provider_config', 'scim'],
  ['list_users', 'scim'],
  ['pingone_lookup_absent', 'pingone_compatibility'],
  ['pingone_lookup_existing', 'pingone_compatibility'],
  ['paging', 'pingone_compatibility'],
  ['groups', 'pingone_compatibility'],
  ['error_format', 'pingone_compatibility'],
];
const RUNG = new Map(LADDER.map(([id, group], index) => [id, { index, group }]));

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
  const known = GROUP_HEADINGS.map((g) => ({ ...g, steps: ordered.filter((s) => groupOf(s) === g.id) }));
  const others = [...new Set(ordered.map(groupOf).filter((g) => !GROUP_HEADINGS.some((h) => h.id === g)))].map(
    (id) => ({
      id,
      heading: id === OTHER.id ? OTHER.heading : id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      steps: ordered.filter((s) => groupOf(s) === id),
    }),
  );
  return [...known, ...others].filter((g) => g.steps.length > 0);
}
