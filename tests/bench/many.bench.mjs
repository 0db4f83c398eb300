// The start screen of a consultant with 200 saved setups, each with its secret in the
// keychain: how long `list_setups` takes (it asks the keychain about every setup), how long
// the UI takes to build and paint the 200 cards, and to narrow and widen the list while
// searching. Prints figures; asserts nothing. Run through tests/bench/run.sh (display, D-Bus,
// keyring, temp dirs).
//
// The app's own timings come from User Timing entries the start screen records
// (ui/src/lib/timing.ts), so WebDriver's delays are not in them.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { WebDriver, sleep } from '../e2e/webdriver.mjs';
import { invokeInPage } from '../e2e/door.mjs';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'target/debug/haiilo-scim-assistant');
const dataDir = process.env.HAIILO_SCIM_DATA_DIR;
if (!dataDir) throw new Error('run this through tests/bench/run.sh');
const SETUPS = 200;
const runs = Number(process.env.BENCH_RUNS ?? 5);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figure = (xs) =>
  `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, ${xs.length} runs)`;

/** 200 setups as the app writes them: a fifth failed last time, a fifth never tested. */
function seed() {
  const now = Date.now();
  const setups = Array.from({ length: SETUPS }, (_, i) => {
    const n = String(i).padStart(3, '0');
    const tested = i % 5 === 1 ? null : { at_ms: now - i * 60_000, ok: i % 5 !== 0, summary: i % 5 === 0 ? 'Haiilo rejected the Client ID or Client Secret.' : '50 users in Haiilo', finding_codes: i % 5 === 0 ? ['invalid_client'] : [], total_users: i % 5 === 0 ? null : 50 };
    return {
      id: `bench-${n}`,
      name: `Customer ${n}`,
      domain: `customer-${n}.haiilo.app`,
      advanced: null,
      client_id: `client-${n}`,
      done_steps: ['haiilo.open_directories', 'haiilo.create_directory'],
      group_provisioning: 'users_only',
      groups_note: '',
      last_check: tested,
      is_demo: false,
      created_ms: now - 86_400_000,
      updated_ms: now - i * 60_000,
    };
  });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, 'setups.json'), JSON.stringify({ schema_version: 1, setups }));
  return setups;
}

/** The start screen's own User Timing entry, once recorded. */
async function entry(driver, name) {
  return driver.until(`the ${name} timing`, async () => {
    const found = await driver.execute('return performance.getEntriesByName(arguments[0]).map((e) => e.duration)', [name]);
    return found.length ? found[found.length - 1] : null;
  });
}

/** Sets the search box and waits for the frame after the list changed; ms in the page. */
function searchFor(driver, text, cards) {
  return driver.executeAsync(
    `const [text, cards, done] = arguments;
     const input = document.querySelector('[data-testid="setup-search"]');
     const started = performance.now();
     input.value = text;
     input.dispatchEvent(new Event('input', { bubbles: true }));
     const wait = () => {
       if (document.querySelectorAll('[data-testid="setup-card"]').length !== cards) return requestAnimationFrame(wait);
       requestAnimationFrame(() => setTimeout(() => done(performance.now() - started)));
     };
     wait();`,
    [text, cards],
  );
}

const setups = seed();
const port = await freePort();
const driverProcess = spawn('tauri-driver', ['--port', String(port), '--native-port', String(await freePort())], { stdio: 'ignore' });
const driver = new WebDriver(`http://127.0.0.1:${port}`);
try {
  await driver.waitUntilReady();
  // Every setup's secret in the real keychain, as a consultant's would be.
  await driver.start(app);
  await driver.find('screen-start', { timeoutMs: 30_000 });
  for (const setup of setups) {
    const stored = await invokeInPage(driver, 'store_secret', { id: setup.id, secret: `bench-secret-${setup.id}`, sessionOnly: false, leftovers: 'refuse', kind: 'haiilo' });
    if (!stored.ok) throw new Error(`store_secret: ${stored.error}`);
  }
  await driver.quit();

  const listInScreen = [];
  const render = [];
  const painted = [];
  const listCalls = [];
  const narrow = [];
  const widen = [];
  for (let i = 0; i < runs; i++) {
    await driver.start(app);
    await driver.find('screen-start', { timeoutMs: 30_000 });
    await driver.until('200 cards', async () => (await driver.findAll('setup-card')).length === SETUPS, 60_000);
    listInScreen.push(await entry(driver, 'start:list-setups'));
    render.push(await entry(driver, 'start:render-setups'));
    painted.push(await entry(driver, 'start:setups-painted'));
    // list_setups alone, from the page, as the UI calls it.
    const call = await driver.executeAsync(
      `const done = arguments[0];
       const started = performance.now();
       window.__TAURI_INTERNALS__.invoke('list_setups').then((v) => done({ ms: performance.now() - started, n: v.setups.length }), (e) => done({ error: String(e) }));`,
    );
    if (call.error || call.n !== SETUPS) throw new Error(`list_setups: ${JSON.stringify(call)}`);
    listCalls.push(call.ms);
    narrow.push(await searchFor(driver, 'customer-137', 1));
    widen.push(await searchFor(driver, '', SETUPS));
    await driver.quit();
  }
  await sleep(100);
  console.log(`start screen with ${SETUPS} setups, secrets in the keychain (debug build, software rendering):`);
  console.log(`  list_setups (Rust: the file, one keychain search, 200 views), from the page: ${figure(listCalls)}`);
  console.log(`  list_setups as the start screen waited for it at launch:             ${figure(listInScreen)}`);
  console.log(`  UI: ${SETUPS} cards built (Svelte, until the DOM is updated):          ${figure(render)}`);
  console.log(`  UI: ${SETUPS} cards built, laid out and painted (next frame):           ${figure(painted)}`);
  console.log(`  search narrowing ${SETUPS} → 1 card, until painted:                      ${figure(narrow)}`);
  console.log(`  search cleared, 1 → ${SETUPS} cards, until painted:                      ${figure(widen)}`);
} finally {
  await driver.quit();
  driverProcess.kill('SIGTERM');
}
