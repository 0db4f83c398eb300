// Bringing a result into view inside the app's scrolling content area, clear of the header
// and the footer with Back/Next (which sit outside that area, so it ends where they begin).

/** The nearest ancestor that scrolls vertically, or null when nothing does. */
function scrollArea(element: HTMLElement): HTMLElement | null {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const { overflowY } = getComputedStyle(parent);
    if (overflowY === 'auto' || overflowY === 'scroll') return parent;
  }
  return null;
}

/**
 * Scrolls the least needed so that `element` is wholly visible in its scroll area with
 * `margin` pixels to spare at both edges. One taller than the area is scrolled to its top,
 * where its headline is. Does nothing when it is already in view, so a result the admin can
 * see does not move.
 */
export function reveal(element: HTMLElement, margin = 16): void {
  const area = scrollArea(element);
  // An area with no height is not laid out (hidden, or a test DOM without layout).
  if (!area || area.clientHeight === 0) return;
  const box = element.getBoundingClientRect();
  const view = area.getBoundingClientRect();
  const top = view.top + margin;
  const bottom = view.top + area.clientHeight - margin;
  let by = 0;
  if (box.top < top || box.height > bottom - top) by = box.top - top;
  else if (box.bottom > bottom) by = box.bottom - bottom;
  if (by === 0) return;
  const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
  area.scrollBy?.({ top: by, behavior: still ? 'auto' : 'smooth' });
}
