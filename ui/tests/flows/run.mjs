// UI flows in a real browser: serves ui/dist on 127.0.0.1, runs headless Chromium through
// playwright-core with a fake Tauri backend injected before the app's scripts, and walks
// every screen — including the whole wizard by keyboard only, a failing test, a 900×600
// window and dark mode. Screenshots go to test-artifacts/ui-flows/. Exits non-zero on any
// failure; the last line is always "N passed, M failed".

import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const ui = resolve(import.meta.dirname, '../..');
const dist = join(ui, 'dist');
const artifacts = resolve(ui, '../test-artifacts/ui-flows');
const fakeBackend = join(import.meta.dirname, 'fake-backend.js');
const fixtures = join(ui, 'tests/fixtures/checks');
const FLOW_TIMEOUT_MS = 30_000;

// The check runs the fake backend replays: real Rust output against the demo tenant
// (`make fixtures`). The assertions below take ids, statuses, groups and texts from them.
const RUNS = Object.fromEntries(
  ['ready', 'ready-with-warning', 'wrong-secret'].map((name) => [name, JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'))]),
);

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
async function flow(name, body) {
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
function seededSetups() {
  const now = Date.now();
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
      last_check: { at_ms: now - 12 * MINUTE, ok: true, summary: `${usersOf('ready').total_results} users in Haiilo`, finding_codes: [], total_users: usersOf('ready').total_results },
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
        summary: RUNS['wrong-secret'].report.steps.find((s) => s.status === 'fail').summary,
        finding_codes: ['invalid_client'],
        total_users: null,
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
  await context.addInitScript((runs) => {
    window.__FAKE_RUNS__ = runs;
  }, RUNS);
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
  await flow('every screen in light mode (screenshots)', lightScreens);
  await flow('900×600: no horizontal scrolling on any screen', smallWindow);
  await flow('dark mode follows the OS on every screen', darkMode);
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
console.log(`screenshots: ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
