// Small helpers for ARIA attributes that point at other elements by id.

/**
 * An `aria-describedby` value from the ids of the elements present now (hint, error…):
 * the ones given as null, undefined or false are left out; undefined when none is left,
 * so the attribute is not rendered at all.
 */
export function describedBy(...ids: (string | null | undefined | false)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return present.length > 0 ? present.join(' ') : undefined;
}
