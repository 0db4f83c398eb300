// Accessibility checks for the browser flows: axe-core run inside the page on each screen
// and state, a tally of everything it found (printed at the end of the flows), and the
// structure a screen reader relies on (landmarks, heading levels).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail a flow; moderate and minor ones are listed in the summary only. */
const BLOCKING = new Set(['serious', 'critical']);

/** Everything axe reported across the flows, for the summary. */
const audited = [];

/**
 * Runs axe-core on the page as it is now. Returns a list of the serious and critical
 * violations as readable lines (empty when there are none); every finding is tallied.
 */
export async function axeViolations(page, where) {
  // Evaluated through the DevTools protocol, not as a <script>: the page's CSP stays as strict
  // as the app window's, and axe is loaded once per page.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  // Wait for transitions to settle: a colour taken mid-fade is not the one the admin sees.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  const violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'minor',
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
  }));
  // What axe could not decide (text over a gradient, overlapping boxes): listed for a human.
  const review = result.incomplete.map((v) => ({
    id: v.id,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.any[0]?.message ?? '').replace(/\s+/g, ' ').trim()}`),
  }));
  audited.push({ where, violations, review });
  return violations
    .filter((v) => BLOCKING.has(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target}: ${n.summary}`));
}

/** The summary printed after the flows: states checked, and every rule that fired, by impact. */
export function axeSummary() {
  if (audited.length === 0) return ['axe: no screens were checked'];
  const byRule = new Map();
  for (const { where, violations } of audited) {
    for (const v of violations) {
      const entry = byRule.get(v.id) ?? { impact: v.impact, help: v.help, nodes: 0, where: new Set() };
      entry.nodes += v.nodes.length;
      entry.where.add(where);
      byRule.set(v.id, entry);
    }
  }
  const count = (impact) => [...byRule.values()].filter((e) => e.impact === impact).reduce((n, e) => n + e.nodes, 0);
  const lines = [
    `axe: ${audited.length} screens and states checked; violations by impact: critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}, minor ${count('minor')}`,
  ];
  for (const [id, e] of byRule) {
    lines.push(`  ${e.impact} ${id} (${e.help}): ${e.nodes} element(s) in ${[...e.where].join('; ')}`);
  }
  const review = new Map();
  for (const { review: items } of audited) {
    for (const item of items) for (const node of item.nodes) review.set(`${item.id} ${node}`, true);
  }
  lines.push(`axe: ${review.size} distinct element(s) axe could not decide (needs review)${review.size ? ':' : ''}`);
  for (const key of review.keys()) lines.push(`  ${key}`);
  return lines;
}

/**
 * What a screen reader's landmark and heading lists show: landmarks in document order
 * (role name and label), heading levels in order, and the level jumps that skip one.
 */
export async function pageStructure(page) {
  return page.evaluate(() => {
    const visible = (el) => !el.closest('[hidden], [aria-hidden="true"]') && el.getClientRects().length > 0;
    const roleOf = (el) => {
      const explicit = el.getAttribute('role');
      if (explicit) return explicit;
      const tag = el.tagName.toLowerCase();
      // header and footer are banner and contentinfo only outside sectioning elements.
      const sectioned = el.parentElement?.closest('article, aside, main, nav, section');
      if (tag === 'header') return sectioned ? null : 'banner';
      if (tag === 'footer') return sectioned ? null : 'contentinfo';
      return { main: 'main', nav: 'navigation', aside: 'complementary' }[tag] ?? null;
    };
    const landmarks = [...document.querySelectorAll('header, footer, main, nav, aside, [role]')]
      .filter(visible)
      .map((el) => ({ role: roleOf(el), label: el.getAttribute('aria-label') ?? '' }))
      .filter((l) => ['banner', 'navigation', 'main', 'contentinfo', 'complementary', 'region', 'search'].includes(l.role))
      .filter((l) => l.role !== 'region' || l.label !== '');
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter((h) => visible(h) || h.classList.contains('visually-hidden'))
      .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim().replace(/\s+/g, ' ') }));
    const skips = [];
    headings.forEach((h, i) => {
      const before = i === 0 ? 0 : headings[i - 1].level;
      if (h.level > before + 1) skips.push(`h${before || '-'} → h${h.level} "${h.text}"`);
    });
    return { landmarks, headings, skips };
  });
}

/**
 * The landmark the focused element is in ("banner", "navigation", "main", "contentinfo"
 * or "none"), with the element's test id or tag, for following where Tab goes.
 */
export async function focusPlace(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { landmark: 'none', id: 'body' };
    // The page's own header and footer: a <header> inside a section is no banner.
    const top = (tag) => [...document.querySelectorAll(tag)].find((e) => !e.parentElement?.closest('article, aside, main, nav, section'));
    const regions = { banner: top('header'), navigation: el.closest('nav'), main: el.closest('main'), contentinfo: top('footer') };
    const landmark = Object.entries(regions).find(([, region]) => region?.contains(el))?.[0] ?? 'none';
    return { landmark, id: el.dataset.testid || el.id || el.tagName.toLowerCase() };
  });
}
