// End-to-end on a small screen: the real debug app in a real window (WebKitGTK under an
// Xvfb screen smaller than the window's preferred 1100 × 760), driven through tauri-driver.
//  - The window opens sized to the screen: wholly on it, with a margin, centred.
//  - Made 900 × 600 (its minimum), a finished demo check brings its verdict into view,
//    wholly above the footer, though it starts below the fold.
//
// Run through tests/e2e/run.sh, which starts it with SEALED_SCREEN=1024x700x24.

import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WebDriver, sleep } from './webdriver.mjs';
import { assert, freePort, results, test } from './harness.mjs';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'target/debug/haiilo-scim-assistant');
const artifacts = join(root, 'test-artifacts/e2e');
if (!process.env.SEALED_SCRATCH) throw new Error('run this through tests/e2e/run.sh');
mkdirSync(artifacts, { recursive: true });

const WINDOW_TITLE = 'Haiilo SCIM Setup Assistant';
// src-tauri/tauri.conf.json and src-tauri/src/window_fit.rs.
const PREFERRED = { width: 1100, height: 760 };
const MINIMUM = { width: 900, height: 600 };
const MARGIN = 24;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The X screen's size, from the server itself (not from what the suite asked for). */
function screenSize() {
  const out = execFileSync('xdpyinfo', { encoding: 'utf8' });
  const [, width, height] = out.match(/dimensions:\s+(\d+)x(\d+) pixels/) ?? [];
  return { width: Number(width), height: Number(height) };
}

/** The app window's outer geometry on the X screen (xwininfo is in x11-utils). */
function windowGeometry() {
  const out = execFileSync('xwininfo', ['-name', WINDOW_TITLE], { encoding: 'utf8' });
  const field = (label) => Number(out.match(new RegExp(`${label}:\\s+(-?\\d+)`))?.[1]);
  return {
    x: field('Absolute upper-left X'),
    y: field('Absolute upper-left Y'),
    width: field('Width'),
    height: field('Height'),
    viewable: /Map State:\s+IsViewable/.test(out),
  };
}

/** Where the verdict is against the content area and the footer (which must not cover it). */
const VERDICT_PLACE = `
  const box = (selector) => document.querySelector(selector).getBoundingClientRect();
  const verdict = box('[data-testid="check-verdict"]');
  const content = box('main.content');
  const footer = box('footer.navbar');
  return {
    inView: verdict.top >= content.top && verdict.bottom <= footer.top && footer.bottom <= window.innerHeight,
    verdict: [Math.round(verdict.top), Math.round(verdict.bottom)],
    content: [Math.round(content.top), Math.round(content.bottom)],
    footerTop: Math.round(footer.top),
    viewport: [window.innerWidth, window.innerHeight],
  };`;

async function main() {
  const screen = screenSize();
  assert(
    screen.width < PREFERRED.width && screen.height < PREFERRED.height,
    `this suite needs a screen smaller than ${PREFERRED.width}×${PREFERRED.height}, the X server has ${screen.width}×${screen.height}`,
  );
  const port = await freePort();
  const nativePort = await freePort();
  const driverProcess = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(artifacts, 'small-screen-tauri-driver.log'));
  driverProcess.stdout.pipe(log);
  driverProcess.stderr.pipe(log);
  const driver = new WebDriver(`http://127.0.0.1:${port}`);
  const shot = async (name) => {
    await sleep(400);
    writeFileSync(join(artifacts, `${name}.png`), await driver.screenshot());
  };
  try {
    await driver.waitUntilReady();
    await driver.start(app);
    await driver.find('screen-start', { timeoutMs: 30_000 });
    await driver.until('the start screen', () => driver.execute("return document.querySelector('h1') !== null"));

    await test(`on a ${screen.width}×${screen.height} screen the window opens wholly on it, with a margin, centred`, async () => {
      const geometry = await driver.until('the window to be mapped', async () => {
        const g = windowGeometry();
        return g.viewable ? g : null;
      });
      const expected = {
        width: Math.max(MINIMUM.width, Math.min(PREFERRED.width, screen.width - 2 * MARGIN)),
        height: Math.max(MINIMUM.height, Math.min(PREFERRED.height, screen.height - 2 * MARGIN)),
      };
      const where = JSON.stringify({ geometry, screen, expected });
      assert(geometry.x >= 0 && geometry.y >= 0, `the window starts off screen: ${where}`);
      assert(geometry.x + geometry.width <= screen.width && geometry.y + geometry.height <= screen.height, `the window is larger than the screen: ${where}`);
      assert(geometry.width === expected.width && geometry.height === expected.height, `window size: ${where}`);
      const centred = (start, size, room) => Math.abs(start - (room - size) / 2) <= 1;
      assert(centred(geometry.x, geometry.width, screen.width) && centred(geometry.y, geometry.height, screen.height), `not centred: ${where}`);
      // WebDriver sees the same window, and the page the same room.
      const rect = await driver.request('GET', driver.s('/window/rect'));
      assert(rect.width === geometry.width && rect.height === geometry.height, `WebDriver's window rect ${JSON.stringify(rect)} vs ${where}`);
      const viewport = await driver.execute('return [window.innerWidth, window.innerHeight]');
      assert(viewport[0] <= screen.width && viewport[1] <= screen.height, `viewport ${viewport} larger than the screen`);
      await shot('small-screen-01-start');
    });

    await test('at 900×600 a finished demo check brings its verdict into view, above the footer', async () => {
      await driver.request('POST', driver.s('/window/rect'), { width: MINIMUM.width, height: MINIMUM.height });
      await driver.until('the window at its minimum size', async () => {
        const [width, height] = await driver.execute('return [window.innerWidth, window.innerHeight]');
        return width === MINIMUM.width && height === MINIMUM.height;
      });
      await driver.click('try-demo');
      await driver.find('screen-phase1', { timeoutMs: 30_000 });
      await driver.click('stepper-test');
      await driver.find('screen-test');
      const before = await driver.execute(VERDICT_PLACE);
      assert(!before.inView, `the verdict is in view before any run, so this test shows nothing: ${JSON.stringify(before)}`);
      // A plain click (driver.click would first centre the button, scrolling for the test).
      const button = await driver.find('run-check');
      await driver.request('POST', driver.s(`/element/${button}/click`), {});
      await driver.until('the check to finish', async () => {
        const statuses = await driver.execute(
          "return [...document.querySelectorAll('[data-testid=\"check-step\"]')].map((s) => s.dataset.status)",
        );
        const headline = await driver.execute("return document.querySelector('[data-testid=\"verdict-headline\"]')?.textContent ?? ''");
        return statuses.length > 0 && !statuses.includes('running') && headline ? headline : null;
      }, 60_000);
      // Polled: the scroll may be animated.
      let place = await driver.execute(VERDICT_PLACE);
      for (const deadline = Date.now() + 5_000; !place.inView && Date.now() < deadline; ) {
        await sleep(100);
        place = await driver.execute(VERDICT_PLACE);
      }
      assert(place.inView, `the verdict is not wholly in view above the footer: ${JSON.stringify(place)}`);
      assert(place.viewport[1] === MINIMUM.height, `viewport ${place.viewport}`);
      await shot('small-screen-02-demo-verdict-900x600');
    });
  } finally {
    const quit = Date.now();
    await driver.quit();
    console.log(`session closed in ${Date.now() - quit} ms`);
    driverProcess.kill();
  }
}

let failure;
try {
  await main();
} catch (error) {
  failure = error;
}
const passed = results.filter((r) => r.ok).length;
const failedTests = results.length - passed;
console.log(`small-screen e2e: ${passed} passed, ${failedTests + (failure && failedTests === 0 ? 1 : 0)} failed`);
if (failure && failedTests === 0) console.log(failure.stack ?? failure);
// Exit now rather than wait on the driver's output pipes, which an app that outlived its
// session would hold open (the display goes away after this, and the app with it).
process.exit(failure ? 1 : 0);
