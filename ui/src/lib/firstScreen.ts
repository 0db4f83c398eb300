/**
 * Marks the moment the first screen is on show (`performance.mark('first-screen')`), so
 * `make bench` can time the start from inside the app, without WebDriver's overhead: the
 * page's time origin plus this mark, against the process's start time.
 */
export function markFirstScreen(root: HTMLElement): void {
  const shown = () => root.querySelector('[data-testid^="screen-"]') !== null;
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
