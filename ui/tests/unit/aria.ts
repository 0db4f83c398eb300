import { expect } from 'vitest';

/**
 * The field is marked invalid and a screen reader reads `message` as its description: its
 * aria-describedby names the id of an element on the page that shows the message.
 */
export function expectPointsAtError(field: HTMLElement, message: string): void {
  expect(field).toHaveAttribute('aria-invalid', 'true');
  const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const shown = ids.map((id) => document.getElementById(id)).filter((el): el is HTMLElement => el !== null);
  expect(shown.map((el) => el.id), 'every id in aria-describedby exists').toEqual(ids);
  expect(shown.some((el) => el.textContent?.includes(message)), `a described-by element shows "${message}"`).toBe(true);
  expect(field).toHaveAccessibleDescription(expect.stringContaining(message));
}

/** The field is not marked invalid and its description carries no error message. */
export function expectNoError(field: HTMLElement, message: string): void {
  expect(field).not.toHaveAttribute('aria-invalid');
  expect(field).not.toHaveAccessibleDescription(expect.stringContaining(message));
}
