// End-to-end in German: the real debug app in a real window, started with a German system
// locale (LANG=de_DE.UTF-8, set by tests/e2e/run.sh), walked through every screen of the
// demo with Rust's real texts: its findings, PingOne's plan, the Go live screen, the saved
// report. Every state is read for English with the shared detector (tests/i18n), and the
// language switch is checked across a restart: a choice made in the app beats the system's.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WebDriver, sleep } from './webdriver.mjs';
import { assert, freePort, results, test } from './harness.mjs';
import { collectShownTexts, englishFindings, englishWords } from '../i18n/english.mjs';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'target/debug/haiilo-scim-assistant');
const artifacts = join(root, 'test-artifacts/e2e');
const scratch = process.env.SEALED_SCRATCH;
if (!scratch) throw new Error('run this through tests/e2e/run.sh');
mkdirSync(artifacts, { recursive: true });
const children = [];

async function shot(driver, name) {
  await sleep(400);
  writeFileSync(join(artifacts, `${name}.png`), await driver.screenshot());
}

/** The text of an HTML report a reader sees, without code, pre and verbatim evidence. */
function reportText(html) {
  return html
    .replace(/<(style|script|code|pre)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<([a-z0-9]+)\b[^>]*\b(lang="en"|data-verbatim)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

async function main() {
  const reportPath = join(scratch, 'bericht.html');
  process.env.HAIILO_SCIM_REPORT_PATH = reportPath;
  process.env.HAIILO_SCIM_OPENED_LINKS = join(scratch, 'opened-links.txt');
  const port = await freePort();
  const nativePort = await freePort();
  const driverProcess = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(driverProcess);
  const log = createWriteStream(join(artifacts, 'german-tauri-driver.log'));
  driverProcess.stdout.pipe(log);
  driverProcess.stderr.pipe(log);
  const driver = new WebDriver(`http://127.0.0.1:${port}`);
  await driver.waitUntilReady();

  const openApp = async () => {
    await driver.start(app);
    await driver.find('screen-start', { timeoutMs: 30_000 });
  };
  const documentLang = async () => String(await driver.execute('return document.documentElement.lang'));
  const problems = [];
  /** Reads the window's texts for English; collects what it finds (the test fails at the end). */
  const read = async (where) => {
    await driver.execute("document.querySelectorAll('details').forEach((d) => { d.open = true; })");
    await sleep(150);
    const texts = await driver.execute(`return (${collectShownTexts.toString()})()`);
    for (const line of englishFindings(texts)) problems.push(`${where}: ${line}`);
  };
  const stepsDone = () =>
    driver.until('the check to finish', async () => {
      const steps = await driver.findAll('check-step');
      if (steps.length < 18) return null;
      for (const step of steps) if ((await driver.attribute(step, 'data-status')) === 'running') return null;
      return true;
    }, 60_000);

  try {
    await test('with a German system locale the app opens in German', async () => {
      await openApp();
      assert((await documentLang()) === 'de', `document language: ${await documentLang()}`);
      assert((await driver.property('language', 'value')) === 'de', 'the switcher shows Deutsch');
      await read('start, empty');
      await shot(driver, 'de-01-start');
    });

    await test("every screen of the demo, with Rust's own texts, has no English outside PingOne's labels", async () => {
      // A new setup with a domain Rust refuses: its message comes from Rust.
      await driver.click('new-setup');
      await driver.type('new-setup-name', 'Beispiel GmbH');
      await driver.click('new-setup-create');
      await driver.find('screen-phase1');
      await driver.type('domain-input', 'admin@beispiel.haiilo.app');
      await driver.find('domain-error');
      await read('phase 1, a domain Rust refuses');
      await driver.clear('domain-input');
      await driver.type('domain-input', 'beispiel.haiilo.app');
      await driver.click('stepper-phase2');
      await read('phase 2 of a new setup');
      await driver.click('nav-home');

      await driver.click('try-demo');
      await driver.find('demo-badge');
      await read('phase 1, demo');
      await driver.click('stepper-phase2');
      await driver.find('screen-phase2');
      await read('phase 2, demo');
      await driver.click('stepper-phase3');
      await driver.find('screen-phase3');
      await read('phase 3, demo');
      await driver.click('stepper-test');
      await read('test, before the first run');
      await driver.click('run-check');
      await stepsDone();
      await read('test, demo before apply (PingOne has no connection yet)');
      await shot(driver, 'de-02-test-before-apply');

      await driver.click('stepper-phase2');
      await driver.click('pingone-plan');
      await driver.find('pingone-plan-view');
      await read("phase 2, PingOne's plan");
      await driver.click('pingone-apply-confirm');
      await driver.find('pingone-apply-result');
      await read('phase 2, applied');
      await driver.click('stepper-test');
      await driver.click('run-check');
      await stepsDone();
      await read('test, after apply (the rule is off)');
      await driver.click('go-live');
      await driver.find('screen-after');
      await read('go live');
      await shot(driver, 'de-03-go-live');
      await driver.click('rule-switch-on');
      await read('go live, switching the rule on');
      await driver.click('rule-switch-confirm');
      await driver.find('rule-switched');
      await read('go live, rule switched on');
      await driver.click('stepper-test');
      await driver.click('run-check');
      await stepsDone();
      await read('test, everything passes');
      await driver.click('save-report');
      await driver.until('the saved report', async () => existsSync(reportPath));
      await driver.click('nav-home');
      await driver.find('setup-card');
      await read('start, with setups and their last results');
      await shot(driver, 'de-04-start-with-setups');
      assert(problems.length === 0, `${problems.length} English text(s) in the German app:\n  ${problems.join('\n  ')}`);
    });

    await test('the saved report is in German', async () => {
      const html = readFileSync(reportPath, 'utf8');
      assert(/<html[^>]*\blang="de"/.test(html), 'the report declares German');
      const english = englishWords(reportText(html));
      assert(english.length === 0, `English in the German report: ${[...new Set(english)].join(', ')}`);
    });

    await test('a language chosen in the app is kept over the system language', async () => {
      const germanHeading = await driver.text('screen-start');
      await driver.execute(
        `const select = document.querySelector('[data-testid="language"]');
         select.value = 'en';
         select.dispatchEvent(new Event('change', { bubbles: true }));`,
      );
      await driver.until('English on the start screen', async () => (await documentLang()) === 'en' && (await driver.text('screen-start')) !== germanHeading);
      await driver.quit();
      await openApp();
      assert((await documentLang()) === 'en', 'English again after a restart, though the system is German');
      assert(englishFindings(await driver.execute(`return (${collectShownTexts.toString()})()`)).length > 0, 'the start screen reads as English');
      await driver.execute(
        `const select = document.querySelector('[data-testid="language"]');
         select.value = 'de';
         select.dispatchEvent(new Event('change', { bubbles: true }));`,
      );
      await driver.until('German again', async () => (await documentLang()) === 'de');
      await driver.quit();
      await openApp();
      assert((await documentLang()) === 'de', 'German after the next restart');
      problems.length = 0;
      await read('start after switching back and restarting');
      assert(problems.length === 0, problems.join('\n  '));
    });
  } finally {
    await driver.quit();
  }
}

let failure;
try {
  await main();
} catch (error) {
  failure = error;
} finally {
  for (const child of children) child.kill('SIGTERM');
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e (German): ${passed} passed, ${failed + (failure && !results.some((r) => !r.ok) ? 1 : 0)} failed`);
if (failure) {
  if (!results.some((r) => !r.ok)) console.log(failure.stack ?? failure);
  process.exit(1);
}
