// Small formatting helpers for times and durations.

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", else a date. */
export function relativeTime(atMs: number, nowMs: number = Date.now()): string {
  const seconds = Math.round((atMs - nowMs) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 6 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return new Date(atMs).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

// One formatter for every call: `toLocaleString` with options builds a new one each time,
// about a millisecond apiece, which a start screen with 200 setups pays on every render.
const absoluteFormat = new Intl.DateTimeFormat('en', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function absoluteTime(atMs: number): string {
  return absoluteFormat.format(new Date(atMs));
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
