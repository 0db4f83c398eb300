/**
 * Marks the moment the first screen is on show, with its content (`performance.mark('first-screen')`), so
 * `make bench` can time the start from inside the app, without WebDriver's overhead: the
 * page's time origin plus this mark, against the process's start time.
 */
export function markFirstScreen(root: HTMLElement): void {
  // A screen still loading (the start screen's "Loading your setups…", aria-busy) is not
  // the first screen yet: the mark waits for the content the admin came for.
  const shown = () => root.querySelector('[data-testid^="screen-"]:not([aria-busy="true"])') !== null;
  // One frame after the screen is in the DOM, plus a task: the frame with it has been painted.
  const mark = () => requestAnimationFrame(() => setTimeout(() => performance.mark('first-screen')));
  if (shown()) {
    mark();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!shown()) return;
    observer.disconnect();
    mark();
  });
  observer.observe(root, { childList: true, subtree: true });
}
