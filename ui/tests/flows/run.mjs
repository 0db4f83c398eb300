// UI flows in a real browser: serves ui/dist on 127.0.0.1, runs headless Chromium through
// playwright-core with a fake Tauri backend injected before the app's scripts, and walks
// every screen — including the whole wizard by keyboard only, a failing test, a 900×600
// window and dark mode. Screenshots go to test-artifacts/ui-flows/. Exits non-zero on any
// failure; the last line is always "N passed, M failed".

import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { axeSummary, axeViolations, focusPlace, pageStructure } from './a11y.mjs';
import { collectShownTexts, englishFindings } from '../../../tests/i18n/english.mjs';

const ui = resolve(import.meta.dirname, '../..');
const dist = join(ui, 'dist');
const artifacts = resolve(ui, '../test-artifacts/ui-flows');
const fakeBackend = join(import.meta.dirname, 'fake-backend.js');
const fixtures = join(ui, 'tests/fixtures/checks');
const FLOW_TIMEOUT_MS = 30_000;

// The check runs the fake backend replays: real Rust output against the demo tenant
// (`make fixtures`). The assertions below take ids, statuses, groups and texts from them.
const loadRuns = (dir) =>
  Object.fromEntries(
    ['ready', 'ready-with-warning', 'wrong-secret'].map((name) => [name, JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))]),
  );
const RUNS = loadRuns(fixtures);
/** The same runs made with Rust's texts in German, for the German walk-through. */
const RUNS_DE = loadRuns(join(fixtures, 'de'));

/** The users a generated run found: "N users" and how many rows are shown. */
const usersOf = (name) => RUNS[name].report.users;

/** The groups' ids in heading order, from the generated bindings (a TS file: read as text). */
function stepGroupOrder() {
  const source = readFileSync(join(ui, 'src/lib/bindings/ladder.ts'), 'utf8');
  const table = /export const STEP_GROUPS[^=]*=\s*(\[[\s\S]*?\]);/.exec(source);
  if (!table) throw new Error('src/lib/bindings/ladder.ts has no STEP_GROUPS table: run `make bindings`');
  return JSON.parse(table[1]).map((g) => g.id);
}

// The same policy the Tauri window enforces (src-tauri/tauri.conf.json), so a violation
// (inline script, eval, remote content) fails here first.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

// ---------- tiny assertion and test harness ----------

class AssertionError extends Error {}
function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}
function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

const results = [];
/** FLOWS=text runs only the flows whose name contains the text (while working on them). */
const only = process.env.FLOWS ?? '';
async function flow(name, body) {
  if (!name.includes(only)) return;
  const started = Date.now();
  let timer;
  try {
    await Promise.race([
      body(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`timed out after ${FLOW_TIMEOUT_MS} ms`)), FLOW_TIMEOUT_MS);
      }),
    ]);
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} (${Date.now() - started} ms)\n     ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n     ')}`);
  } finally {
    clearTimeout(timer);
  }
}

// ---------- pages ----------

let browser;
let baseUrl;
const openContexts = new Set();

const MINUTE = 60_000;
/** Two saved setups, their last results worded in the language of `runs`. */
function seededSetups(runs = RUNS) {
  const now = Date.now();
  const german = runs === RUNS_DE;
  const users = runs.ready.report.users.total_results;
  return [
    {
      id: 'seed-acme',
      name: 'Acme Corp',
      domain: 'acme.haiilo.app',
      advanced: null,
      client_id: 'client-7f3a9c',
      done_steps: [
        'haiilo.open_directories',
        'haiilo.create_directory',
        'haiilo.activate_directory',
        'haiilo.create_api_client',
        'haiilo.copy_credentials',
        'haiilo.save_directory',
        'pingone.open_provisioning',
        'pingone.new_connection',
      ],
      group_provisioning: 'undecided',
      groups_note: '',
      last_check: { at_ms: now - 12 * MINUTE, ok: true, summary: german ? `${users} Benutzer in Haiilo` : `${users} users in Haiilo`, finding_codes: [], total_users: users, lang: german ? 'de' : 'en' },
      is_demo: false,
      created_ms: now - 3 * 24 * 60 * MINUTE,
      updated_ms: now - 12 * MINUTE,
    },
    {
      id: 'seed-globex',
      name: 'Globex',
      domain: 'https://intranet.globex.example/',
      advanced: null,
      client_id: 'globex-client',
      done_steps: ['haiilo.open_directories'],
      group_provisioning: 'users_only',
      groups_note: '',
      last_check: {
        at_ms: now - 26 * 60 * MINUTE,
        ok: false,
        summary: runs['wrong-secret'].report.steps.find((s) => s.status === 'fail').summary,
        finding_codes: ['invalid_client'],
        total_users: null,
        lang: german ? 'de' : 'en',
      },
      is_demo: false,
      created_ms: now - 5 * 24 * 60 * MINUTE,
      updated_ms: now - 26 * 60 * MINUTE,
    },
  ];
}

async function open({ config = {}, viewport = { width: 1100, height: 760 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
  openContexts.add(context);
  await context.addInitScript((cfg) => {
    window.__FAKE_CONFIG__ = cfg;
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  }, config);
  await context.addInitScript(([runs, runsDe]) => {
    window.__FAKE_RUNS__ = runs;
    window.__FAKE_RUNS_DE__ = runsDe;
  }, [RUNS, RUNS_DE]);
  await context.addInitScript({ path: fakeBackend });
  // The app window runs with Tauri's freezePrototype: the UI must never patch prototypes.
  await context.addInitScript(() => Object.freeze(Object.prototype));
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await page.goto(baseUrl);
  await page.getByTestId('screen-start').waitFor();
  const close = async () => {
    const csp = await page.evaluate(() => window.__cspViolations).catch(() => []);
    await context.close();
    openContexts.delete(context);
    assertEqual(csp, [], 'CSP violations');
    assertEqual(problems, [], 'console errors');
  };
  return { page, close };
}

async function shot(page, name) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

const byTestId = (id) => `[data-testid="${id}"]`;

/** Scrolls the element to the top of the content area (for screenshots of what follows). */
async function scrollTop(page, id) {
  await page.getByTestId(id).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

async function text(page, id) {
  return (await page.getByTestId(id).first().innerText()).trim();
}

async function waitText(page, id, expected, timeout = 8_000) {
  const locator = page.getByTestId(id).first();
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText().catch(() => '')).trim();
    if (expected instanceof RegExp ? expected.test(last) : last.includes(expected)) return last;
    await page.waitForTimeout(50);
  }
  throw new AssertionError(`${id}: expected ${expected}, last text ${JSON.stringify(last)}`);
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. Keyboard only. */
async function tabTo(page, selector, { max = 80, back = false } = {}) {
  for (let i = 0; i <= max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new AssertionError(`could not reach ${selector} by keyboard (focus is on ${active})`);
}

/** The focused element shows a visible focus ring. */
async function assertFocusVisible(page, what) {
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert(style.outline !== 'none' && style.width >= 1, `${what}: no visible focus ring (${JSON.stringify(style)})`);
}

/** Step id → status, by id (screen order is checked by assertLadderLayout). */
const byId = (entries) => Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));

async function stepStatuses(page) {
  return byId(await page.$$eval(byTestId('check-step'), (els) => els.map((e) => [e.dataset.stepId, e.dataset.status])));
}

/** Each step's final status in a generated run. */
const statusesOf = (name) => byId(RUNS[name].report.steps.map((s) => [s.id, s.status]));

/** Step id → the group heading it is shown under (of the steps shown, or only those `running`). */
async function groupsShown(page, status = null) {
  return byId(
    await page.$$eval(
      byTestId('check-step'),
      (els, only) =>
        els
          .filter((e) => only === null || e.dataset.status === only)
          .map((e) => [e.dataset.stepId, e.closest('[data-testid="step-group"]')?.dataset.group]),
      status,
    ),
  );
}

/** Steps are listed under Rust's group headings, in ladder order within each. */
async function assertLadderLayout(page, name) {
  const { steps } = RUNS[name].report;
  const groups = stepGroupOrder().filter((g) => steps.some((s) => s.group === g));
  const expected = groups.flatMap((g) => steps.filter((s) => s.group === g).map((s) => s.id));
  const ids = await page.$$eval(byTestId('check-step'), (els) => els.map((e) => e.dataset.stepId));
  assertEqual(ids, expected, 'steps in ladder order under their groups');
  const shown = await page.$$eval(byTestId('step-group'), (els) => els.map((e) => e.dataset.group));
  assertEqual(shown, groups, 'step groups');
  assertEqual(await groupsShown(page), byId(steps.map((s) => [s.id, s.group])), 'each step under the group Rust sends');
  const bars = await page.$$eval(`${byTestId('waterfall')} ${byTestId('waterfall-bar')}`, (els) =>
    els.map((e) => e.getAttribute('aria-label')),
  );
  assert(bars.length > 0 && bars.every((label) => /started after .* took /.test(label)), `waterfall bars: ${bars}`);
}

async function waitCheckDone(page) {
  await page.waitForFunction(
    () => {
      const steps = [...document.querySelectorAll('[data-testid="check-step"]')];
      return steps.length >= 2 && steps.every((s) => s.dataset.status !== 'running') &&
        !document.querySelector('[data-testid="check-verdict"]')?.textContent?.includes('Testing the connection');
    },
    null,
    { timeout: 10_000 },
  );
  return stepStatuses(page);
}

async function clipboard(page) {
  return page.evaluate(() => window.__fake.clipboard);
}

async function openSetup(page, id) {
  await page.locator(`${byTestId('setup-card')}[data-setup-id="${id}"] ${byTestId('setup-open')}`).click();
  await page.getByTestId('screen-phase1').waitFor();
}

async function goTo(page, screen) {
  await page.getByTestId(`stepper-${screen}`).click();
  await page.getByTestId(`screen-${screen}`).waitFor();
}

// ---------- flows ----------

async function keyboardWizard() {
  const { page, close } = await open();
  const key = (k) => page.keyboard.press(k);

  // Start → New setup, named by keyboard.
  await tabTo(page, byTestId('new-setup'));
  await assertFocusVisible(page, 'New setup button');
  await key('Enter');
  await page.getByTestId('new-setup-name').waitFor();
  assert(await page.evaluate(() => document.activeElement?.dataset.testid === 'new-setup-name'), 'name field not focused');
  await page.keyboard.type('Acme (keyboard)');
  await key('Enter');
  await page.getByTestId('screen-phase1').waitFor();
  await assertFocusOnHeading(page, 'phase1');

  // Phase 1: domain, ticks, Client ID, secret.
  await tabTo(page, byTestId('domain-input'));
  await assertFocusVisible(page, 'domain input');
  await page.keyboard.type('HTTPS://Acme.Haiilo.app/api/scim/v2/Users/');
  await waitText(page, 'domain-scim-url', 'https://acme.haiilo.app/api/scim/v2');
  await waitText(page, 'domain-notes', 'Removed /Users');
  const phase1Ticks = await page.$$eval('[data-testid^="step-check-haiilo."]', (els) => els.map((e) => e.dataset.testid));
  assertEqual(phase1Ticks.length, 6, 'Phase 1 steps');
  for (const tick of phase1Ticks.slice(0, 5)) {
    await tabTo(page, byTestId(tick));
    await key('Space');
  }
  await assertFocusVisible(page, 'step checkbox');
  await tabTo(page, byTestId('client-id-input'));
  await page.keyboard.type('client-7f3a9c');
  await tabTo(page, byTestId('secret-input'));
  await page.keyboard.type('good-Secret+with:odd%chars');
  await key('Enter');
  await waitText(page, 'secret-status', 'system keychain');
  assert(!(await page.content()).includes('good-Secret+with'), 'the secret is still in the page');
  await tabTo(page, byTestId(phase1Ticks[5]));
  await key('Space');
  await waitText(page, 'stepper-phase1', 'Done');
  await shot(page, 'keyboard-phase1-done');
  await tabTo(page, byTestId('nav-next'));
  await assertFocusVisible(page, 'Next button');
  await key('Enter');
  await page.getByTestId('screen-phase2').waitFor();
  await assertFocusOnHeading(page, 'phase2');

  // Phase 2: ticks, copy a value and the secret.
  const phase2Ticks = await page.$$eval('[data-testid^="step-check-"]', (els) => els.map((e) => e.dataset.testid));
  const authIndex = phase2Ticks.indexOf('step-check-pingone.authentication');
  assert(authIndex > 0, 'authentication step missing');
  for (const tick of phase2Ticks.slice(0, authIndex + 1)) {
    await tabTo(page, byTestId(tick));
    await key('Space');
  }
  await tabTo(page, `${byTestId('field-row')}[data-label="SCIM BASE URL"] ${byTestId('field-copy')}`);
  await key('Enter');
  await waitText(page, 'copy-status', 'Copied SCIM BASE URL');
  await tabTo(page, `${byTestId('field-row')}[data-label="OAuth Client ID"] ${byTestId('field-copy')}`);
  await key('Enter');
  await waitText(page, 'copy-status', 'Copied OAuth Client ID');
  await tabTo(page, byTestId('copy-secret'));
  await key('Enter');
  await waitText(page, 'copy-status', 'cleared in 60 seconds');
  assertEqual(await clipboard(page), ['https://acme.haiilo.app/api/scim/v2', 'client-7f3a9c', '<secret>'], 'clipboard');
  for (const tick of phase2Ticks.slice(authIndex + 1)) {
    await tabTo(page, byTestId(tick));
    await key('Space');
  }
  await waitText(page, 'stepper-phase2', 'Done');
  await tabTo(page, byTestId('nav-next'));
  await key('Enter');
  await page.getByTestId('screen-phase3').waitFor();
  await assertFocusOnHeading(page, 'phase3');

  // Phase 3: ticks, copy the filter attribute, choose users and groups, note the groups.
  const phase3Ticks = await page.$$eval('[data-testid^="step-check-"]', (els) => els.map((e) => e.dataset.testid));
  const filterIndex = phase3Ticks.indexOf('step-check-pingone.rule_user_filter');
  const groupIndex = phase3Ticks.indexOf('step-check-pingone.rule_group_provisioning');
  for (const tick of phase3Ticks.slice(0, filterIndex + 1)) {
    await tabTo(page, byTestId(tick));
    await key('Space');
  }
  await tabTo(page, 'button[aria-label="Copy Attribute"]');
  await key('Enter');
  await waitText(page, 'copy-status', 'Copied Attribute');
  for (const tick of phase3Ticks.slice(filterIndex + 1, groupIndex + 1)) {
    await tabTo(page, byTestId(tick));
    await key('Space');
  }
  // A native radio group: Tab enters it, an arrow key moves the choice (standard keyboard use).
  await tabTo(page, byTestId('group-provisioning-users-only'));
  await key('ArrowDown');
  assert(await page.getByTestId('group-provisioning-users-and-groups').isChecked(), 'users and groups not chosen');
  await tabTo(page, byTestId('groups-note'));
  await page.keyboard.type('All Staff, Marketing');
  for (const tick of phase3Ticks.slice(groupIndex + 1)) {
    await tabTo(page, byTestId(tick));
    await key('Space');
  }
  await waitText(page, 'stepper-phase3', 'Done');
  await tabTo(page, byTestId('nav-next'));
  await key('Enter');
  await page.getByTestId('screen-test').waitFor();
  await assertFocusOnHeading(page, 'test');

  // Test: run by keyboard, see it pass (groups were chosen: the fake replays the clean run).
  const passed = 'ready';
  const { headline } = RUNS[passed].report.verdict;
  await tabTo(page, byTestId('run-check'));
  await key('Enter');
  // Live: several steps run at once, each with a spinner.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="check-step"][data-status="running"]').length > 1);
  // A running step already sits under the group it will have when done.
  const running = await groupsShown(page, 'running');
  const rustGroups = Object.fromEntries(RUNS[passed].report.steps.map((s) => [s.id, s.group]));
  assertEqual(running, byId(Object.keys(running).map((id) => [id, rustGroups[id]])), 'running steps under their groups');
  const statuses = await waitCheckDone(page);
  assertEqual(statuses, statusesOf(passed), 'step statuses');
  await waitText(page, 'verdict-headline', headline);
  await assertLadderLayout(page, passed);
  await waitText(page, 'users-total', `${usersOf(passed).total_results} users`);
  // Save the report and copy a summary, by keyboard.
  await tabTo(page, byTestId('save-report'));
  await assertFocusVisible(page, 'save report');
  await key('Enter');
  await waitText(page, 'report-status', 'Saved to /home/admin/Documents/haiilo-scim-report-');
  await tabTo(page, byTestId('copy-summary'));
  await key('Enter');
  await waitText(page, 'report-status', 'Summary copied');
  const copied = await page.evaluate(() => window.__fake.clipboard.at(-1));
  assert(copied.includes(headline), `summary copied: ${copied}`);
  assertEqual(await page.evaluate(() => window.__fake.calls.filter((c) => c === 'copy_summary').length), 1, 'copy_summary calls');
  assertEqual(await page.getByTestId('user-row').count(), usersOf(passed).sample.length, 'user rows');
  await waitText(page, 'stepper-test', 'Passed');

  // Everything was saved as typed.
  const saved = await page.evaluate(() => window.__fake.setups[0]);
  assertEqual(saved.domain, 'HTTPS://Acme.Haiilo.app/api/scim/v2/Users/', 'saved domain');
  assertEqual(saved.client_id, 'client-7f3a9c', 'saved client id');
  assertEqual(saved.group_provisioning, 'users_and_groups', 'saved group provisioning');
  assertEqual(saved.groups_note, 'All Staff, Marketing', 'saved groups note');
  assertEqual(saved.done_steps.length, phase1Ticks.length + phase2Ticks.length + phase3Ticks.length, 'saved ticks');
  assert(!phase3Ticks.includes('step-check-pingone.rule_enable'), 'Phase 3 asks to switch the rule on before the test');

  // The test passed: it leads on to Go live (the rule was left off in Phase 3).
  await waitText(page, 'go-live-next', 'Next: switch the PingOne rule on');
  await waitText(page, 'stepper-after', 'Rule still off');
  await tabTo(page, byTestId('go-live'));
  await key('Enter');
  await page.getByTestId('screen-after').waitFor();
  assertEqual(await page.getByTestId('switch-on-advice').getAttribute('data-advice'), 'ready', 'switch-on advice after a pass');
  await tabTo(page, byTestId('step-check-pingone.rule_enable'));
  await key('Space');
  await waitText(page, 'stepper-after', 'Rule on');
  // Saved right away (no debounce for ticks), but still asynchronously.
  await page.waitForFunction(() => window.__fake.setups[0].done_steps.includes('pingone.rule_enable'), null, { timeout: 5_000 });
  // A documentation link, by keyboard: it goes to open_link, the browser's business.
  await tabTo(page, `${byTestId('after-sync')} ${byTestId('doc-link')}[data-doc="view_sync_status"]`);
  await key('Enter');
  await page.waitForFunction(() => window.__fake.opened.length === 1);
  assertEqual(
    await page.evaluate(() => window.__fake.opened),
    ['https://docs.pingidentity.com/pingone/integrations/p1_view_sync_status.html'],
    'opened links',
  );
  await shot(page, 'keyboard-after');

  // Finish → Start, where the card shows the result.
  await tabTo(page, byTestId('nav-next'));
  await key('Enter');
  await page.getByTestId('screen-start').waitFor();
  await assertFocusOnHeading(page, 'start');
  await waitText(page, 'setup-last-check', 'Passed');
  await close();
}

async function newClientPair() {
  const { page, close } = await open({ config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' } } });
  await openSetup(page, 'seed-acme');
  await goTo(page, 'after');
  await scrollTop(page, 'rotation');
  await waitText(page, 'pair-in-use', 'client-7f3a9c');
  // A new pair whose secret Haiilo refuses: the old one stays in use.
  await page.getByTestId('new-client-id').fill('client-new-2');
  await page.getByTestId('new-secret-input').fill('wrong-new-secret');
  await page.getByTestId('new-secret-save').click();
  await waitText(page, 'new-secret-status', 'system keychain');
  await page.getByTestId('test-new-pair').click();
  await waitText(page, 'new-pair-result', 'The old pair stays in use');
  assertEqual(await page.getByTestId('new-pair-result').getAttribute('data-promoted'), 'false', 'refused pair promoted');
  assertEqual(await page.evaluate(() => window.__fake.secrets['seed-acme'].value), 'good-seeded-secret', 'the secret in use');
  await shot(page, 'new-pair-refused');
  // The right secret: the pair is accepted and becomes the setup's.
  await page.getByTestId('new-secret-replace').click();
  await page.getByTestId('new-secret-input').fill('good-new-secret');
  await page.getByTestId('new-secret-save').click();
  await waitText(page, 'new-secret-status', 'system keychain');
  await page.getByTestId('test-new-pair').click();
  await waitText(page, 'new-pair-result', 'The new pair is in use here');
  await waitText(page, 'pair-in-use', 'client-new-2');
  assertEqual(await page.evaluate(() => window.__fake.secrets['seed-acme'].value), 'good-new-secret', 'the promoted secret');
  assertEqual(await page.evaluate(() => Object.keys(window.__fake.pending)), [], 'nothing left pending');
  assert(!(await page.content()).includes('good-new-secret'), 'the new secret is in the page');
  await shot(page, 'new-pair-accepted');
  // The test then runs with the new pair, and the shown Client ID is the new one.
  await goTo(page, 'test');
  await waitText(page, 'target-client-id', 'client-new-2');
  await close();
}

async function failingCheck() {
  const { page, close } = await open({ config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' } } });
  await openSetup(page, 'seed-acme');
  await page.getByTestId('secret-replace').click();
  await page.getByTestId('secret-input').fill('Wrong+Secret:flow%');
  await page.getByTestId('secret-save').click();
  await waitText(page, 'secret-status', 'system keychain');
  await goTo(page, 'test');
  await page.getByTestId('run-check').click();
  // Live: the first step shows as running before it finishes.
  await page.locator(`${byTestId('check-step')}[data-status="running"]`).first().waitFor();
  const failed = 'wrong-secret';
  const { report } = RUNS[failed];
  const token = report.steps.find((s) => s.id === 'token');
  const skipped = report.steps.find((s) => s.id === 'paging');
  const statuses = await waitCheckDone(page);
  assertEqual(statuses, statusesOf(failed), 'step statuses');
  assertEqual(await text(page, 'finding-code'), token.finding.code, 'finding code');
  await waitText(page, 'verdict-headline', report.verdict.headline);
  await assertLadderLayout(page, failed);
  assertEqual(await page.getByTestId('verdict-item').count(), report.verdict.items.length, 'verdict items');
  assert((await text(page, 'verdict-item')).includes(token.finding.fix), 'verdict item fix');
  const skipCause = await page.locator(`${byTestId('check-step')}[data-step-id="paging"] ${byTestId('skip-cause')}`).innerText();
  assertEqual(skipCause, skipped.summary, 'skip cause');
  // The reason is given once, not again in a second line.
  const pagingText = await page.locator(`${byTestId('check-step')}[data-step-id="paging"]`).innerText();
  assertEqual(pagingText.split(token.title).length - 1, 1, `mentions of the failed step: ${pagingText}`);
  assert(await page.getByTestId('finding-fix').isVisible(), 'fix not visible');
  assert((await text(page, 'finding-fix')).includes(token.finding.fix), 'fix text');
  assert(!(await page.getByTestId('finding-detail').isVisible()), 'detail should start collapsed');
  await page.getByText('Details and evidence').click();
  assert(await page.getByTestId('finding-detail').isVisible(), 'detail not visible after expanding');
  assert(await page.getByText(token.finding.evidence.status_line).isVisible(), 'status line not visible');
  assert((await text(page, 'evidence-headers')).includes('www-authenticate'), 'evidence headers');
  assert(await page.getByText(token.finding.evidence.body_excerpt, { exact: true }).isVisible(), 'body excerpt not visible');
  assertEqual(await page.getByTestId('users-total').count(), 0, 'no users on failure');
  await waitText(page, 'stepper-test', 'Problems found');
  await scrollTop(page, 'check-verdict');
  await shot(page, 'test-fail-light');
  await page.locator(`${byTestId('check-step')}[data-step-id="token"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'test-fail-evidence-light');
  await close();

  // A cancelled save dialog says nothing.
  const cancel = await open({
    config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' }, saveDialog: 'cancel' },
  });
  await openSetup(cancel.page, 'seed-acme');
  await goTo(cancel.page, 'test');
  await cancel.page.getByTestId('run-check').click();
  // Acme chose no groups yet: the fake replays the run with the groups warning.
  assertEqual(await waitCheckDone(cancel.page), statusesOf('ready-with-warning'), 'step statuses');
  await waitText(cancel.page, 'verdict-headline', RUNS['ready-with-warning'].report.verdict.headline);
  await assertLadderLayout(cancel.page, 'ready-with-warning');
  await cancel.page.getByTestId('save-report').click();
  await cancel.page.waitForFunction(() => window.__fake.calls.includes('save_report'));
  await cancel.page.waitForTimeout(100);
  assertEqual(await text(cancel.page, 'report-status'), '', 'nothing said after cancelling');
  await cancel.close();
}

async function secretEdgeCases() {
  const { page, close } = await open({ config: { keychainUnavailable: true } });
  await page.getByTestId('new-setup').click();
  await page.getByTestId('new-setup-name').fill('No keychain GmbH');
  await page.getByTestId('new-setup-create').click();
  await page.getByTestId('screen-phase1').waitFor();
  await page.getByTestId('secret-input').fill('only-shown-once');
  await page.getByTestId('secret-save').click();
  await waitText(page, 'secret-error', 'keychain is not available');
  assertEqual(await page.getByTestId('secret-input').inputValue(), 'only-shown-once', 'typed secret kept');
  await page.getByTestId('secret-error').scrollIntoViewIfNeeded();
  await shot(page, 'phase1-keychain-unavailable-light');
  await page.getByTestId('secret-session-only').click();
  await waitText(page, 'secret-status', 'this session only');
  assertEqual(await page.getByTestId('secret-error').count(), 0, 'error gone');

  // Phase 2 and Test tell the admin what is missing when the secret is removed.
  await page.getByTestId('secret-remove').click();
  await page.getByTestId('secret-input').waitFor();
  await page.getByTestId('domain-input').fill('umbrella.haiilo.app');
  await page.getByTestId('client-id-input').fill('cid');
  await goTo(page, 'phase2');
  await page.locator(`${byTestId('field-row')}[data-label="OAuth Client Secret"]`).getByText('Not stored yet').waitFor();
  await page.getByTestId('copy-secret').click();
  await waitText(page, 'copy-status', 'No Client Secret is stored');
  await goTo(page, 'test');
  assertEqual(await page.getByTestId('run-check').getAttribute('aria-disabled'), 'true', 'run-check disabled');
  await page.getByRole('button', { name: 'Go to Phase 1' }).click();
  await page.getByTestId('screen-phase1').waitFor();
  await close();
}

async function domainFeedback() {
  const { page, close } = await open();
  await page.getByTestId('new-setup').click();
  await page.getByTestId('new-setup-create').click();
  await page.getByTestId('screen-phase1').waitFor();
  await page.getByTestId('domain-input').pressSequentially('http://Acme.Haiilo.app/api/scim/v2/Users', { delay: 5 });
  await waitText(page, 'domain-scim-url', 'https://acme.haiilo.app/api/scim/v2');
  await waitText(page, 'domain-notes', 'Switched http:// to https://');
  await page.getByTestId('domain-input').fill('admin@acme.haiilo.app');
  await waitText(page, 'domain-error', 'e-mail address');
  assertEqual(await page.getByTestId('domain-scim-url').count(), 0, 'no URL for an invalid domain');
  await page.getByTestId('domain-input').fill('acme');
  await waitText(page, 'domain-error', 'not a full domain name');
  await goTo(page, 'phase2');
  await page.getByText('PingOne needs your Haiilo domain first').waitFor();
  await close();
}

async function startScreen() {
  const notice =
    'Your saved setups could not be read (expected value at line 1 column 1). The file was kept as /home/admin/.config/haiilo/setups.json.corrupt-1732850000000 and a new list was started.';
  const { page, close } = await open({ config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' }, notice } });
  await waitText(page, 'start-notice', 'setups.json.corrupt-');
  assertEqual(await page.getByTestId('setup-card').count(), 2, 'cards');
  const acme = page.locator(`${byTestId('setup-card')}[data-setup-id="seed-acme"]`);
  assert((await acme.getByTestId('setup-last-check').innerText()).includes(`Passed: ${usersOf('ready').total_results} users in Haiilo`), 'acme result');
  const globex = page.locator(`${byTestId('setup-card')}[data-setup-id="seed-globex"]`);
  assert((await globex.getByTestId('setup-last-check').innerText()).includes('Failed'), 'globex result');
  await shot(page, 'start-list-light');
  await globex.getByTestId('setup-delete').click();
  assertEqual(await page.getByTestId('setup-card').count(), 2, 'nothing deleted before confirming');
  await shot(page, 'start-delete-confirm-light');
  await globex.getByTestId('setup-delete-confirm').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="setup-card"]').length === 1);
  assertEqual(await page.evaluate(() => window.__fake.setups.map((s) => s.id)), ['seed-acme'], 'backend setups');
  await close();
}

/** A consultant's morning: find a setup, Check all (one broke), export one and import it back. */
async function consultant() {
  const now = Date.now();
  const passedBefore = {
    at_ms: now - 60 * MINUTE,
    ok: true,
    summary: `${usersOf('ready').total_results} users in Haiilo`,
    finding_codes: [],
    total_users: usersOf('ready').total_results,
  };
  const [acme, globex] = seededSetups();
  const setups = [
    { ...acme, last_check: passedBefore },
    // Passed last time; its stored secret is wrong now (rotated in Haiilo): it breaks.
    { ...globex, id: 'seed-umbrella', name: 'Umbrella', domain: 'umbrella.haiilo.app', last_check: passedBefore },
    // No secret on this computer: listed as such, not as a failure.
    { ...acme, id: 'seed-initech', name: 'Initech', domain: 'initech.haiilo.app', client_id: 'initech-7', last_check: passedBefore },
  ];
  const { page, close } = await open({
    config: {
      setups,
      secrets: { 'seed-acme': 'keychain', 'seed-umbrella': 'keychain' },
      secretValues: { 'seed-umbrella': 'rotated-away' },
      stepDelayMs: 60,
    },
  });
  const card = (id) => page.locator(`${byTestId('setup-card')}[data-setup-id="${id}"]`);
  await card('seed-acme').waitFor();
  assertEqual(await text(page, 'setup-count'), '3 setups', 'count');

  // Search by Client ID narrows the list, and clearing it brings all back.
  await page.getByTestId('setup-search').fill('initech-7');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="setup-card"]').length === 1);
  assertEqual(await text(page, 'setup-count'), '1 of 3 setups', 'count while searching');
  await page.getByTestId('setup-search').fill('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="setup-card"]').length === 3);

  // Check all, started from the keyboard.
  await tabTo(page, byTestId('check-all'));
  await assertFocusVisible(page, 'Check all button');
  await page.keyboard.press('Enter');
  await page.getByTestId('check-all-progress').waitFor();
  await card('seed-acme').locator('progress').waitFor();
  await shot(page, 'start-check-all-running-light');
  await waitText(page, 'check-all-summary', 'Check all: results', 15_000);
  assertEqual(await page.getByTestId('broke-list').locator('li').count(), 1, 'setups that broke');
  assert((await text(page, 'broke-list')).startsWith('Umbrella'), `broke: ${await text(page, 'broke-list')}`);
  assert(!(await page.getByTestId('check-all-fixed').count()), 'nothing was fixed');
  assert((await card('seed-initech').getByTestId('card-check').innerText()).includes('Secret missing'), 'Initech: secret missing');
  assert((await card('seed-acme').getByTestId('card-check').innerText()).includes('Passed again'), 'Acme passed again');
  // The cards show the new results as the backend saved them.
  await page.waitForFunction(
    () => document.querySelector('[data-setup-id="seed-umbrella"] [data-testid="setup-last-check"]')?.textContent?.includes('Failed'),
  );
  await shot(page, 'start-check-all-results-light');

  // Failing first brings the broken setup to the top.
  await page.getByTestId('setup-sort').selectOption('result');
  assertEqual(await page.getByTestId('setup-card').first().getAttribute('data-setup-id'), 'seed-umbrella', 'first card when failing first');

  // Export Acme, then import the file: a second Acme that asks for its secret.
  await card('seed-acme').getByTestId('setup-export').click();
  await waitText(page, 'export-status', 'acme-corp.haiilo-setup.json');
  await page.getByTestId('import-setup').click();
  await page.getByTestId('screen-phase1').waitFor();
  await page.getByTestId('imported-note').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'secret-input');
  assertEqual((await page.locator('.setup-name').innerText()).trim(), 'Acme Corp (2)', 'imported setup name');
  await shot(page, 'phase1-imported-light');
  await page.keyboard.type('good-imported-secret');
  await page.keyboard.press('Enter');
  await waitText(page, 'secret-status', /keychain/i);
  await close();
}

async function demoTenant() {
  const { page, close } = await open();
  await page.getByTestId('try-demo').click();
  await page.getByTestId('demo-badge').waitFor();
  await page.getByTestId('screen-phase1').waitFor();
  await waitText(page, 'secret-status', 'this session only');
  await goTo(page, 'test');
  assert(await page.getByTestId('demo-badge').first().isVisible(), 'badge visible on Test');
  await page.getByTestId('run-check').click();
  assertEqual(await waitCheckDone(page), statusesOf('ready'), 'demo steps');
  await waitText(page, 'users-total', `${usersOf('ready').total_results} users`);
  await shot(page, 'demo-test-light');
  await close();
}

/** Visits every screen (seeded, real content) and screenshots it; returns nothing. */
async function everyScreen(page, suffix, check) {
  await check('start');
  await shot(page, `start-${suffix}`);
  await openSetup(page, 'seed-acme');
  await page.getByTestId('advanced-toggle').click();
  await check('phase1');
  await shot(page, `phase1-${suffix}`);
  await goTo(page, 'phase2');
  await check('phase2');
  await shot(page, `phase2-${suffix}`);
  await scrollTop(page, 'copy-all');
  await page.getByTestId('copy-all').click();
  await waitText(page, 'copy-status', 'Copied all values');
  await shot(page, `phase2-values-${suffix}`);
  await goTo(page, 'phase3');
  await check('phase3');
  await shot(page, `phase3-${suffix}`);
  await page.getByTestId('group-provisioning-users-and-groups').check();
  await scrollTop(page, 'step-check-pingone.rule_user_filter');
  await shot(page, `phase3-rule-${suffix}`);
  await goTo(page, 'test');
  await shot(page, `test-idle-${suffix}`);
  await page.getByTestId('run-check').click();
  await waitCheckDone(page);
  await check('test');
  await shot(page, `test-pass-${suffix}`);
  await scrollTop(page, 'check-verdict');
  await shot(page, `test-users-${suffix}`);
  await scrollTop(page, 'waterfall');
  await shot(page, `test-waterfall-${suffix}`);
  await goTo(page, 'after');
  await check('after');
  await shot(page, `after-${suffix}`);
  await scrollTop(page, 'after-deprovisioning');
  await shot(page, `after-deprovisioning-${suffix}`);
}

async function noHorizontalScroll(page, where) {
  const problem = await page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) return `page scrolls sideways (${doc.scrollWidth} > ${window.innerWidth})`;
    // Only the content area scrolls: the window itself never does (header and footer stay put).
    if (doc.scrollHeight > window.innerHeight) return `the window scrolls (${doc.scrollHeight} > ${window.innerHeight})`;
    for (const el of document.querySelectorAll('#app *')) {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        return `${el.tagName}.${el.className} scrolls sideways`;
      }
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth - 0.5 + 1) {
        return `${el.tagName}.${String(el.className).split(' ')[0]} "${el.textContent?.trim().slice(0, 40)}" ends at ${Math.round(r.right)} > ${window.innerWidth}`;
      }
    }
    return null;
  });
  assert(problem === null, `${where}: ${problem}`);
}

async function smallWindow() {
  const { page, close } = await open({
    viewport: { width: 900, height: 600 },
    config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' } },
  });
  await everyScreen(page, 'light-900x600', (where) => noHorizontalScroll(page, where));
  // The demo's badge must fit in the header too.
  await page.getByTestId('nav-home').click();
  await page.getByTestId('try-demo').click();
  await page.getByTestId('demo-badge').waitFor();
  await noHorizontalScroll(page, 'demo phase 1');
  await shot(page, 'demo-phase1-light-900x600');
  // Footer and header stay on screen (nothing pushed out of the window).
  for (const id of ['nav-back', 'nav-next', 'nav-home', 'stepper-test']) {
    const box = await page.getByTestId(id).boundingBox();
    assert(box && box.x >= 0 && box.x + box.width <= 900 && box.y >= 0 && box.y + box.height <= 600, `${id} outside the window`);
  }
  await close();
}

/** Where the verdict is against the content area and the footer (which must not cover it). */
function verdictPlace(page) {
  return page.evaluate(() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    const verdict = box('[data-testid="check-verdict"]');
    const content = box('main.content');
    const footer = box('footer.navbar');
    return {
      inView: verdict.top >= content.top && verdict.bottom <= footer.top && footer.bottom <= window.innerHeight,
      verdict: [Math.round(verdict.top), Math.round(verdict.bottom)],
      content: [Math.round(content.top), Math.round(content.bottom)],
      footerTop: Math.round(footer.top),
    };
  });
}

async function assertVerdictInView(page, what) {
  const deadline = Date.now() + 3_000;
  let place = await verdictPlace(page);
  while (!place.inView && Date.now() < deadline) {
    await page.waitForTimeout(50);
    place = await verdictPlace(page);
  }
  assert(place.inView, `${what}: the verdict is not wholly in view above the footer: ${JSON.stringify(place)}`);
}

/** On a 900×600 window the verdict sits below the fold: a finished check brings it into view. */
async function smallWindowVerdict() {
  const { page, close } = await open({ viewport: { width: 900, height: 600 } });
  await page.getByTestId('try-demo').click();
  await page.getByTestId('screen-phase1').waitFor();
  await goTo(page, 'test');
  const before = await verdictPlace(page);
  assert(!before.inView, `the layout no longer puts the verdict below the fold, so this flow tests nothing: ${JSON.stringify(before)}`);
  await page.getByTestId('run-check').click();
  await waitCheckDone(page);
  await waitText(page, 'verdict-headline', RUNS.ready.report.verdict.headline);
  await assertVerdictInView(page, 'demo check');
  await shot(page, 'demo-test-verdict-900x600');

  // Again from the bottom of the results: the verdict comes back into view.
  await page.locator('main.content').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  assert(!(await verdictPlace(page)).inView, 'scrolled to the bottom, the verdict is out of view');
  await page.getByTestId('run-check').click();
  await waitCheckDone(page);
  await assertVerdictInView(page, 'second run');
  await close();
}

async function lightScreens() {
  const { page, close } = await open({ config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' } } });
  await everyScreen(page, 'light', async () => undefined);
  await close();
  const empty = await open();
  await shot(empty.page, 'start-empty-light');
  await empty.close();
}

async function darkMode() {
  const { page, close } = await open({
    colorScheme: 'dark',
    config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' } },
  });
  const luminance = () =>
    page.evaluate(() => {
      const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    });
  assert((await luminance()) < 0.2, 'dark mode background is not dark');
  await everyScreen(page, 'dark', async (where) => {
    const textColor = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).color);
    const [r, g, b] = textColor.match(/\d+/g).map(Number);
    assert((r + g + b) / 3 > 180, `${where}: heading text is not light in dark mode (${textColor})`);
  });
  // A failing run and the keychain error in dark too.
  await goTo(page, 'phase1');
  await page.getByTestId('secret-replace').click();
  await page.getByTestId('secret-input').fill('wrong-secret');
  await page.getByTestId('secret-save').click();
  await waitText(page, 'secret-status', 'system keychain');
  await goTo(page, 'test');
  await page.getByTestId('run-check').click();
  await waitCheckDone(page);
  await scrollTop(page, 'check-verdict');
  await shot(page, 'test-fail-dark');
  await page.getByText('Details and evidence').click();
  await page.locator(`${byTestId('check-step')}[data-step-id="token"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, 'test-fail-evidence-dark');
  await close();
  const empty = await open({ colorScheme: 'dark' });
  await shot(empty.page, 'start-empty-dark');
  await empty.close();
}

// ---------- accessibility ----------

/**
 * The screen's heading has the focus (where a screen reader starts reading the new screen).
 * Polled for a while: a screen that loads first (Start) focuses its heading once it is in.
 */
async function assertFocusOnHeading(page, screenId) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const focused = await page.evaluate(
      (id) => {
        const el = document.activeElement;
        return { h1: el?.tagName === 'H1', inScreen: !!el?.closest(`[data-testid="${id}"]`), text: el?.textContent?.trim() };
      },
      `screen-${screenId}`,
    );
    if (focused.h1 && focused.inScreen) return;
    assert(Date.now() < deadline, `after opening ${screenId} the focus is not on its heading: ${JSON.stringify(focused)}`);
    await page.waitForTimeout(50);
  }
}

/** Collapses repeats: [a, a, b, a] → [a, b, a]. */
const runsOf = (items) => items.filter((x, i) => i === 0 || x !== items[i - 1]);

/**
 * Tab walks each wizard screen in the order it is laid out: header, stepper, content,
 * footer, then round again; Shift+Tab from the heading goes up into the stepper and the
 * header. Every stop shows a focus ring.
 */
async function tabOrder() {
  const { page, close } = await open({ config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' } } });
  await openSetup(page, 'seed-acme');
  for (const screen of ['phase1', 'phase2', 'phase3', 'test']) {
    await goTo(page, screen);
    if (screen === 'test') {
      // With a result on screen: findings, evidence and report buttons are stops too.
      await page.getByTestId('run-check').click();
      await waitCheckDone(page);
    }
    await page.locator(`${byTestId(`screen-${screen}`)} h1`).focus();
    await assertFocusOnHeading(page, screen);

    // Upwards from the heading: the stepper's phases from the last to the first, then the header.
    const stepper = await page.$$eval('nav button', (els) => els.map((e) => e.dataset.testid));
    const up = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Shift+Tab');
      const place = await focusPlace(page);
      if (place.landmark !== 'navigation' && place.landmark !== 'banner') break;
      up.push(place);
    }
    assertEqual(runsOf(up.map((p) => p.landmark)), ['navigation', 'banner'], `${screen}: Shift+Tab from the heading`);
    assertEqual(up.filter((p) => p.landmark === 'navigation').map((p) => p.id), [...stepper].reverse(), `${screen}: stepper, upwards`);
    // Past the header's first stop; Tab comes back to it: the start of the page's order.
    await page.keyboard.press('Tab');
    const first = await focusPlace(page);
    assertEqual(first, up.at(-1), `${screen}: first stop of the page`);

    // Once round from there: the header, the stepper, the content and the footer.
    const stops = [first];
    await assertFocusVisible(page, `${screen}: ${first.landmark} ${first.id}`);
    for (let i = 0; i < 250; i++) {
      await page.keyboard.press('Tab');
      const place = await focusPlace(page);
      if (place.landmark === first.landmark && place.id === first.id) break;
      if (place.landmark !== 'none') await assertFocusVisible(page, `${screen}: ${place.landmark} ${place.id}`);
      stops.push(place);
    }
    const order = runsOf(stops.map((p) => p.landmark).filter((l) => l !== 'none'));
    assertEqual(order, ['banner', 'navigation', 'main', 'contentinfo'], `${screen}: landmarks in Tab order`);
    assertEqual(stops.filter((p) => p.landmark === 'navigation').map((p) => p.id), stepper, `${screen}: stepper, in order`);
    assert(stops.filter((p) => p.landmark === 'main').length >= 3, `${screen}: content stops: ${JSON.stringify(stops)}`);
    const footer = stops.filter((p) => p.landmark === 'contentinfo').map((p) => p.id);
    assert(footer.indexOf('nav-back') >= 0 && footer.indexOf('nav-back') < footer.indexOf('nav-next'), `${screen}: footer stops ${footer}`);
  }
  await close();
}

/** Landmarks in document order as a screen reader lists them; one h1 and no skipped levels. */
async function assertStructure(page, where, expectedLandmarks) {
  const { landmarks, headings, skips } = await pageStructure(page);
  assertEqual(landmarks.map((l) => (l.label ? `${l.role} "${l.label}"` : l.role)), expectedLandmarks, `${where}: landmarks`);
  assertEqual(headings.filter((h) => h.level === 1).length, 1, `${where}: h1 count (${JSON.stringify(headings)})`);
  assertEqual(headings[0]?.level, 1, `${where}: the first heading is the h1`);
  assertEqual(skips, [], `${where}: heading levels skipped`);
}

const WIZARD_LANDMARKS = ['banner', 'navigation "Setup phases"', 'main', 'contentinfo'];

/**
 * Landmarks, headings and the live log a screen reader uses, on every screen; during a
 * real run the log gains one line per finished step (and none as time passes).
 */
async function screenReaderStructure() {
  const empty = await open();
  await assertStructure(empty.page, 'start, empty', ['banner', 'main']);
  await empty.close();

  const { page, close } = await open({ config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' }, stepDelayMs: 450 } });
  await page.getByTestId('setup-card').first().waitFor();
  // The list's search is a landmark of its own, inside main.
  await assertStructure(page, 'start, with setups', ['banner', 'main', 'search "Find a setup"']);
  await openSetup(page, 'seed-acme');
  for (const screen of ['phase1', 'phase2', 'phase3', 'test']) {
    await goTo(page, screen);
    await assertStructure(page, screen, WIZARD_LANDMARKS);
  }

  // Every change to the log while the check runs, with the time it was made.
  await page.evaluate(() => {
    const log = document.querySelector('[data-testid="check-announcer"]');
    window.__logChanges = [];
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') window.__logChanges.push({ kind: 'text', text: r.target.textContent });
        for (const node of r.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) window.__logChanges.push({ kind: 'added', text: node.textContent });
        }
      }
    }).observe(log, { childList: true, subtree: true, characterData: true });
  });
  assertEqual(await page.getByTestId('check-announcer').getAttribute('role'), 'log', 'live log role');
  await page.getByTestId('run-check').click();
  const statuses = await waitCheckDone(page);
  const run = RUNS['ready-with-warning'];
  assertEqual(statuses, statusesOf('ready-with-warning'), 'step statuses');
  await waitText(page, 'verdict-headline', run.report.verdict.headline);
  await page.waitForTimeout(200);
  const changes = await page.evaluate(() => window.__logChanges);
  assertEqual(changes.filter((c) => c.kind !== 'added'), [], 'log lines rewritten in place');
  const lines = changes.map((c) => c.text);
  const word = { pass: 'passed', warn: 'passed with a warning', fail: 'failed', skip: 'skipped' };
  assertEqual(lines[0], 'Testing the connection…', 'first line');
  assertEqual(lines.at(-1), run.report.verdict.headline, 'last line');
  assertEqual(
    [...lines.slice(1, -1)].sort(),
    run.report.steps.map((s) => `${s.title}: ${word[s.status]}`).sort(),
    'one line per finished step',
  );
  // The visible verdict changed many times meanwhile, but is not itself read out.
  assertEqual(await page.getByTestId('check-verdict').getAttribute('aria-live'), null, 'verdict aria-live');
  await close();
}


/** Opens every <details> in the page (findings' evidence, observed facts). */
async function expandAll(page) {
  await page.$$eval('details', (els) => els.forEach((d) => (d.open = true)));
}

/**
 * Every screen and state an admin meets, checked by axe-core in one colour scheme: the
 * start screen empty, with setups, with the new-setup form and a delete confirmation;
 * Phase 1 with invalid fields and the keychain error; Phases 2 and 3; the Test screen not
 * ready, idle, running, passed, and failed with every finding expanded.
 */
async function accessibilityAudit(colorScheme) {
  // Every state is checked before the flow fails, so one run lists all that is wrong.
  const problems = [];
  const check = async (page, where) => {
    for (const problem of await axeViolations(page, `${where} (${colorScheme})`)) problems.push(`${where}: ${problem}`);
  };

  // An empty start, a new setup, and Phase 1 with the keychain error and invalid fields.
  const fresh = await open({ colorScheme, config: { keychainUnavailable: true } });
  await check(fresh.page, 'start, no setups');
  await fresh.page.getByTestId('new-setup').click();
  await fresh.page.getByTestId('new-setup-name').waitFor();
  await check(fresh.page, 'start, new setup form');
  await fresh.page.getByTestId('new-setup-create').click();
  await fresh.page.getByTestId('screen-phase1').waitFor();
  await check(fresh.page, 'phase 1, empty');
  await fresh.page.getByTestId('domain-input').fill('admin@acme.haiilo.app');
  await waitText(fresh.page, 'domain-error', 'e-mail address');
  await fresh.page.getByTestId('secret-input').fill('typed-secret');
  await fresh.page.getByTestId('secret-save').click();
  await waitText(fresh.page, 'secret-error', 'keychain is not available');
  await check(fresh.page, 'phase 1, invalid domain and keychain error');
  await fresh.page.getByTestId('advanced-toggle').click();
  await fresh.page.getByTestId('advanced-scim-url').fill('ftp://haiilo.example.com/scim');
  await fresh.page.getByTestId('advanced-token-url').fill('https://haiilo.example.com/api/oauth/token');
  await fresh.page.getByTestId('advanced-scim-url').focus();
  await fresh.page.getByTestId('domain-input').focus();
  await fresh.page.getByTestId('advanced-error').waitFor();
  await check(fresh.page, 'phase 1, invalid advanced URL');
  await goTo(fresh.page, 'phase2');
  await check(fresh.page, 'phase 2, no values yet');
  await goTo(fresh.page, 'test');
  await check(fresh.page, 'test, not ready');
  await goTo(fresh.page, 'phase1');
  await fresh.page.getByTestId('advanced-scim-url').fill('');
  await fresh.page.getByTestId('advanced-token-url').fill('');
  await fresh.page.getByTestId('domain-input').fill('umbrella.haiilo.app');
  await fresh.page.getByTestId('client-id-input').fill('cid');
  await goTo(fresh.page, 'phase2');
  await fresh.page.getByTestId('copy-secret').click();
  await waitText(fresh.page, 'copy-status', 'No Client Secret is stored');
  await check(fresh.page, 'phase 2, copy refused');
  // The demo tenant: its badge in the header and its tag on the start screen.
  await fresh.page.getByTestId('nav-home').click();
  await fresh.page.getByTestId('try-demo').click();
  await fresh.page.getByTestId('demo-badge').waitFor();
  await check(fresh.page, 'phase 1, demo tenant');
  await fresh.page.getByTestId('nav-home').click();
  await fresh.page.getByTestId('setup-card').nth(1).waitFor();
  await check(fresh.page, 'start, with the demo setup');
  await fresh.close();

  // Saved setups: the list, a delete confirmation, then every phase and test state.
  const notice = 'Your saved setups could not be read (expected value at line 1 column 1). The file was kept as /home/admin/.config/haiilo/setups.json.corrupt-1 and a new list was started.';
  const { page, close } = await open({
    colorScheme,
    config: { setups: seededSetups(), secrets: { 'seed-acme': 'keychain' }, notice, holdCheck: true },
  });
  await page.getByTestId('setup-card').first().waitFor();
  await check(page, 'start, saved setups and notice');
  await page.locator(`${byTestId('setup-card')}[data-setup-id="seed-globex"] ${byTestId('setup-delete')}`).click();
  await page.getByTestId('setup-delete-confirm').waitFor();
  await check(page, 'start, delete confirmation');
  await page.getByRole('button', { name: 'Keep it' }).click();
  await openSetup(page, 'seed-acme');
  await check(page, 'phase 1, filled in');
  await goTo(page, 'phase2');
  await page.getByTestId('copy-all').click();
  await waitText(page, 'copy-status', 'Copied all values');
  await check(page, 'phase 2, values copied');
  await goTo(page, 'phase3');
  await page.getByTestId('group-provisioning-users-and-groups').check();
  await check(page, 'phase 3, users and groups');
  await goTo(page, 'test');
  await check(page, 'test, not run yet');
  await page.getByTestId('run-check').click();
  await page.waitForFunction(() => typeof window.__fake.releaseCheck === 'function');
  await page.locator(`${byTestId('check-step')}[data-status="running"]`).first().waitFor();
  await check(page, 'test, running');
  await page.evaluate(() => window.__fake.releaseCheck());
  await waitCheckDone(page);
  await waitText(page, 'verdict-headline', RUNS.ready.report.verdict.headline);
  await expandAll(page);
  await check(page, 'test, passed');
  // A wrong secret: the failed run with every finding's evidence open.
  await goTo(page, 'phase1');
  await page.getByTestId('secret-replace').click();
  await page.getByTestId('secret-input').fill('wrong-secret');
  await page.getByTestId('secret-save').click();
  await waitText(page, 'secret-status', 'system keychain');
  await goTo(page, 'test');
  await page.evaluate(() => (window.__fake.config.holdCheck = false));
  await page.getByTestId('run-check').click();
  await waitCheckDone(page);
  await waitText(page, 'verdict-headline', RUNS['wrong-secret'].report.verdict.headline);
  await expandAll(page);
  await check(page, 'test, failed with findings expanded');
  await close();
  assert(problems.length === 0, `${problems.length} serious/critical axe violation(s):\n       ${problems.join('\n       ')}`);
}

/**
 * The German walk-through: with the system language German, every screen and state an
 * admin meets (as the accessibility audit walks them) is read for English: visible text,
 * screen-reader-only text and the aria-label/title/placeholder/alt attributes. PingOne's
 * labels are allowed where they are marked as English (lang="en") or quoted („…“); values
 * (code), server evidence ([data-verbatim]) and what the admin typed are not read. Every
 * state is read before the flow fails, so one run lists everything left in English.
 */
async function germanWalkThrough() {
  const problems = [];
  const read = async (page, where) => {
    const texts = await page.evaluate(collectShownTexts);
    for (const line of englishFindings(texts)) problems.push(`${where}: ${line}`);
  };
  const german = { systemLang: 'de' };

  const fresh = await open({ config: { ...german, keychainUnavailable: true } });
  assertEqual(await fresh.page.evaluate(() => document.documentElement.lang), 'de', 'the document language');
  await read(fresh.page, 'start, no setups');
  await fresh.page.getByTestId('new-setup').click();
  await fresh.page.getByTestId('new-setup-name').waitFor();
  await read(fresh.page, 'start, new setup form');
  await fresh.page.getByTestId('new-setup-create').click();
  await fresh.page.getByTestId('screen-phase1').waitFor();
  await read(fresh.page, 'phase 1, empty');
  await fresh.page.getByTestId('domain-input').fill('admin@acme.haiilo.app');
  await fresh.page.getByTestId('domain-error').waitFor();
  await fresh.page.getByTestId('secret-input').fill('typed-secret');
  await fresh.page.getByTestId('secret-save').click();
  await fresh.page.getByTestId('secret-error').waitFor();
  await fresh.page.getByTestId('advanced-toggle').click();
  await read(fresh.page, 'phase 1, invalid domain, keychain error, advanced open');
  await goTo(fresh.page, 'phase2');
  await read(fresh.page, 'phase 2, no values yet');
  await goTo(fresh.page, 'test');
  await read(fresh.page, 'test, not ready');
  await fresh.page.getByTestId('nav-home').click();
  await fresh.page.getByTestId('try-demo').click();
  await fresh.page.getByTestId('demo-badge').waitFor();
  await read(fresh.page, 'phase 1, demo tenant');
  // German is longer: the header's badge gives way to the buttons beside it.
  const clash = await fresh.page.evaluate(() => {
    const badge = document.querySelector('[data-testid="demo-badge"]').getBoundingClientRect();
    const home = document.querySelector('[data-testid="nav-home"]').getBoundingClientRect();
    return badge.right > home.left ? `${Math.round(badge.right)} > ${Math.round(home.left)}` : null;
  });
  assertEqual(clash, null, 'the demo badge runs under the All setups button');
  await fresh.close();

  const notice = 'Die gespeicherten Setups konnten nicht gelesen werden. Die Datei wurde als /home/admin/.config/haiilo/setups.json.corrupt-1 aufbewahrt.';
  const { page, close } = await open({
    config: { ...german, setups: seededSetups(RUNS_DE), secrets: { 'seed-acme': 'keychain' }, notice, holdCheck: true },
  });
  await page.getByTestId('setup-card').first().waitFor();
  await read(page, 'start, saved setups and notice');
  await page.locator(`${byTestId('setup-card')}[data-setup-id="seed-globex"] ${byTestId('setup-delete')}`).click();
  await page.getByTestId('setup-delete-confirm').waitFor();
  await read(page, 'start, delete confirmation');
  await page.keyboard.press('Escape');
  await openSetup(page, 'seed-acme');
  await read(page, 'phase 1, filled in');
  await goTo(page, 'phase2');
  await page.getByTestId('copy-all').click();
  await page.getByTestId('copy-status').waitFor();
  await read(page, 'phase 2, values copied');
  await goTo(page, 'phase3');
  await page.getByTestId('group-provisioning-users-and-groups').check();
  await read(page, 'phase 3, users and groups');
  await goTo(page, 'test');
  await read(page, 'test, not run yet');
  await page.getByTestId('run-check').click();
  await page.waitForFunction(() => typeof window.__fake.releaseCheck === 'function');
  await page.locator(`${byTestId('check-step')}[data-status="running"]`).first().waitFor();
  await read(page, 'test, running');
  await page.evaluate(() => window.__fake.releaseCheck());
  await waitCheckDone(page);
  await waitText(page, 'verdict-headline', RUNS_DE.ready.report.verdict.headline);
  await expandAll(page);
  await read(page, 'test, passed, everything expanded');
  await goTo(page, 'after');
  await expandAll(page);
  await read(page, 'go live');
  await goTo(page, 'phase1');
  await page.getByTestId('secret-replace').click();
  await page.getByTestId('secret-input').fill('wrong-secret');
  await page.getByTestId('secret-save').click();
  await page.getByTestId('secret-status').waitFor();
  await goTo(page, 'test');
  await page.evaluate(() => (window.__fake.config.holdCheck = false));
  await page.getByTestId('run-check').click();
  await waitCheckDone(page);
  await waitText(page, 'verdict-headline', RUNS_DE['wrong-secret'].report.verdict.headline);
  await expandAll(page);
  await read(page, 'test, failed with findings expanded');
  await page.getByTestId('nav-home').click();
  await page.getByTestId('setup-card').first().waitFor();
  await read(page, 'start, after a failed test');
  await close();
  assert(problems.length === 0, `${problems.length} English text(s) in the German UI:\n       ${problems.join('\n       ')}`);
}

/**
 * The language follows the system until the admin chooses one; the choice shows at once,
 * goes to Rust (which words its own texts in it) and is kept for the next start.
 */
async function languageSwitch() {
  const { page, close } = await open({ config: { systemLang: 'de', setups: seededSetups(RUNS_DE) } });
  const heading = () => page.locator('h1').first().innerText();
  const germanHeading = await heading();
  assertEqual(await page.getByTestId('language').inputValue(), 'de', 'the switcher shows the system language');
  await page.getByTestId('language').selectOption('en');
  await page.waitForFunction((before) => document.querySelector('h1')?.textContent?.trim() !== before.trim(), germanHeading);
  assertEqual(await page.evaluate(() => document.documentElement.lang), 'en', 'the document language after switching');
  const calls = await page.evaluate(() => window.__fake.calls.filter((c) => c === 'set_language').length);
  assertEqual(calls, 1, 'set_language calls');
  assertEqual(await page.evaluate(() => window.__fake.lang), 'en', 'the language Rust was told');
  const english = englishFindings(await page.evaluate(collectShownTexts));
  assert(english.length > 0, 'the start screen reads as English after switching');
  await openSetup(page, 'seed-acme');
  await page.getByTestId('language').selectOption('de');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  const left = englishFindings(await page.evaluate(collectShownTexts));
  assertEqual(left, [], 'English left on Phase 1 after switching back to German');
  // Rust's words on the open setup (Phase 2's notes, read while it was English) come anew.
  await goTo(page, 'phase2');
  let leftOnPhase2 = [];
  for (const deadline = Date.now() + 3_000; Date.now() < deadline; await page.waitForTimeout(100)) {
    leftOnPhase2 = englishFindings(await page.evaluate(collectShownTexts));
    if (leftOnPhase2.length === 0) break;
  }
  assertEqual(leftOnPhase2, [], 'English left on Phase 2 after the switch');
  await close();
}

// ---------- main ----------

mkdirSync(artifacts, { recursive: true });
if (!existsSync(join(dist, 'index.html'))) {
  console.log('ui/dist is missing: run `npm run build` first');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const server = await serve();
baseUrl = `http://127.0.0.1:${server.address().port}/`;
let fatal = null;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await flow('the whole wizard by keyboard only, ending in a passing test', keyboardWizard);
  await flow('a failing test shows the finding, its fix and evidence', failingCheck);
  await flow('a new client pair replaces the old one only after Haiilo accepted it', newClientPair);
  await flow('keychain unavailable → session only; missing secret explained', secretEdgeCases);
  await flow('domain typing shows the URL, notes and errors', domainFeedback);
  await flow('start lists setups with results and the notice; delete asks first', startScreen);
  await flow('the demo tenant runs and is badged everywhere', demoTenant);
  await flow('many setups: search, Check all shows what broke, export and import asks for the secret', consultant);
  await flow('every screen in light mode (screenshots)', lightScreens);
  await flow('900×600: no horizontal scrolling on any screen', smallWindow);
  await flow('900×600: a finished check scrolls its verdict into view, above the footer', smallWindowVerdict);
  await flow('dark mode follows the OS on every screen', darkMode);
  await flow('Tab follows the layout: header, stepper, content, footer; every stop shows focus', tabOrder);
  await flow('screen reader: landmarks, headings, and one announcement per finished step', screenReaderStructure);
  await flow('axe: no serious or critical violations on any screen or state, light', () => accessibilityAudit('light'));
  await flow('axe: no serious or critical violations on any screen or state, dark', () => accessibilityAudit('dark'));
  await flow('German: every screen and state without English outside PingOne labels', germanWalkThrough);
  await flow('the language follows the system, switches at once and is told to Rust', languageSwitch);
} catch (error) {
  fatal = error;
  console.log(`FAIL could not run the flows: ${error?.stack ?? error}`);
} finally {
  for (const context of openContexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  server.close();
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed + (fatal ? 1 : 0);
for (const line of axeSummary()) console.log(line);
console.log(`screenshots: ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
