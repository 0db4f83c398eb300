// Timings the benchmarks read from inside the page (`performance.getEntriesByType('measure')`,
// tests/bench/many.bench.mjs): measured where the work happens, without WebDriver's own delay.

/** Records `name` from `startMs` to `endMs` (performance.now() values); never throws. */
export function measure(name: string, startMs: number, endMs: number = performance.now()): void {
  try {
    performance.measure(name, { start: startMs, end: endMs });
  } catch {
    // A page without User Timing level 3 only loses the figure.
  }
}

/**
 * Records `name` from `startMs` until the browser has laid out and painted what changed
 * (the next frame, then a task after it).
 */
export function measureUntilPainted(name: string, startMs: number): void {
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => setTimeout(() => measure(name, startMs)));
}
