// The window's door stays shut: from inside the app's own webview (where an injected script
// would run), commands the capability file does not grant are refused, the CSP keeps out
// remote and inline script, and `open_link` opens only the listed sites.
//
// Everything here runs in the page through WebDriver's execute script, with the same
// internal IPC the UI uses (window.__TAURI_INTERNALS__; withGlobalTauri is off).

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { sleep } from './webdriver.mjs';

const WINDOW_TITLE = 'Haiilo SCIM Setup Assistant';

/** Calls a command through the app's IPC from the page; never throws, reports the outcome. */
export function invokeInPage(driver, command, args = {}) {
  return driver.executeAsync(
    `const [command, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(command, args).then(
       (value) => done({ ok: true, value }),
       (error) => done({ ok: false, error: typeof error === 'string' ? error : JSON.stringify(error) }),
     );`,
    [command, args],
  );
}

/** Whether the X server has a top-level window with this exact title (xprop is in x11-utils). */
function windowTitled(title) {
  try {
    execFileSync('xprop', ['-name', title, 'WM_NAME'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** A loopback HTTP server that records every request; it serves a script that marks the page. */
async function startRecordingServer() {
  const requests = [];
  const server = createServer((request, response) => {
    requests.push(request.url);
    response.writeHead(200, {
      'Content-Type': 'text/javascript',
      'Access-Control-Allow-Origin': '*',
    });
    response.end('window.__remoteScriptRan = true;');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** Starts collecting securitypolicyviolation events in the page. */
async function watchViolations(driver) {
  await driver.execute(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push({ directive: event.effectiveDirective || event.violatedDirective, blocked: event.blockedURI });
    });`);
}

const violations = (driver) => driver.execute('return window.__violations');

export async function doorTests({ driver, test, assert, assertEqual, openedLinksLog }) {
  // Debug builds explain the refusal ("clipboard-manager.read_text not allowed. Permissions
  // associated with this command: …", core plugins prefixed "core:"); release builds say
  // "Command plugin:clipboard-manager|read_text not allowed by ACL". Either is the ACL's.
  const refused = async (command, args = {}) => {
    const outcome = await invokeInPage(driver, command, args);
    assert(!outcome.ok, `${command} was allowed: ${JSON.stringify(outcome.value)}`);
    const [, plugin, name] = command.match(/^plugin:([^|]+)\|(.+)$/);
    assert(
      outcome.error.includes(`${plugin}.${name} not allowed`) || outcome.error.includes(`Command ${command} not allowed by ACL`),
      `${command}: not the ACL refusal: ${outcome.error}`,
    );
    return outcome;
  };

  await test('a granted command works from the page (control for the refusals below)', async () => {
    const outcome = await invokeInPage(driver, 'list_setups');
    assert(outcome.ok, `list_setups refused: ${outcome.error}`);
    assert(Array.isArray(outcome.value.setups), `list_setups answer: ${JSON.stringify(outcome.value)}`);
    assert(windowTitled(WINDOW_TITLE), `no window titled "${WINDOW_TITLE}" (is xprop installed?)`);
  });

  await test('the page cannot read or write the clipboard through the plugin', async () => {
    const marker = `clipboard-marker-${Date.now()}`;
    const copied = await invokeInPage(driver, 'copy_text', { text: marker });
    assert(copied.ok, `copy_text refused: ${copied.error}`);

    const read = await refused('plugin:clipboard-manager|read_text');
    assert(!JSON.stringify(read).includes(marker), 'the clipboard content reached the page');

    await refused('plugin:clipboard-manager|write_text', { text: 'pwned' });
  });

  await test('the page cannot open paths or arbitrary URLs through the opener plugin', async () => {
    await refused('plugin:opener|open_path', { path: '/etc/passwd' });
    await refused('plugin:opener|open_url', { url: 'https://evil.example/' });
    await refused('plugin:opener|reveal_item_in_dir', { paths: ['/etc/passwd'] });
  });

  await test('the page cannot retitle or close its window, nor open file dialogs', async () => {
    await refused('plugin:window|set_title', { label: 'main', value: 'pwned' });
    await refused('plugin:window|close', { label: 'main' });
    await refused('plugin:window|destroy', { label: 'main' });
    await refused('plugin:dialog|open', { options: {} });
    await sleep(500);
    assert(windowTitled(WINDOW_TITLE), 'the window is gone or was retitled');
    assert(!windowTitled('pwned'), 'a window is titled "pwned"');
    assertEqual((await driver.windowHandles()).length, 1, 'open windows');
    await driver.find('screen-start');
  });

  await test('the CSP blocks an injected remote script and fetch', async () => {
    const server = await startRecordingServer();
    try {
      // Control: the server is reachable and records what reaches it.
      await fetch(`${server.base}/control`);
      assertEqual(server.requests, ['/control'], 'the recording server works');

      await watchViolations(driver);
      await driver.execute(
        `const script = document.createElement('script');
         script.src = arguments[0];
         document.head.appendChild(script);
         fetch(arguments[1]).then(() => (window.__fetchDone = 'loaded'), () => (window.__fetchDone = 'refused'));`,
        [`${server.base}/x.js`, `${server.base}/beacon`],
      );
      await sleep(1500); // time for a request that slipped through to arrive and run
      assertEqual(server.requests, ['/control'], 'requests that reached the server');
      assertEqual(await driver.execute('return window.__remoteScriptRan ?? null'), null, 'remote script ran');
      assertEqual(await driver.execute('return window.__fetchDone ?? null'), 'refused', 'fetch outcome');
      const seen = await driver.until('the violation reports', async () => {
        const list = await violations(driver);
        return list.length >= 2 ? list : null;
      });
      const blocked = seen.map((v) => `${v.directive} ${v.blocked}`);
      assert(
        blocked.some((v) => /^script-src(-elem)? /.test(v) && v.includes(`${server.base}/x.js`)),
        `no script-src violation for the remote script: ${blocked}`,
      );
      assert(
        blocked.some((v) => v.startsWith('connect-src ') && v.includes(`${server.base}/beacon`)),
        `no connect-src violation for the fetch: ${blocked}`,
      );
    } finally {
      await server.close();
    }
  });

  await test('the CSP blocks an injected inline script and eval', async () => {
    await watchViolations(driver);
    await driver.execute(
      `const script = document.createElement('script');
       script.textContent = 'window.__inlineScriptRan = true;';
       document.body.appendChild(script);
       try { window.__evalResult = eval('1 + 1'); } catch (error) { window.__evalResult = error.name; }`,
    );
    await sleep(300);
    assertEqual(await driver.execute('return window.__inlineScriptRan ?? null'), null, 'inline script ran');
    assertEqual(await driver.execute('return window.__evalResult'), 'EvalError', 'eval outcome');
    const seen = await driver.until('the violation reports', async () => {
      const list = await violations(driver);
      return list.length >= 2 ? list : null;
    });
    const directives = seen.map((v) => `${v.directive} ${v.blocked}`);
    assert(directives.some((v) => /^script-src(-elem)? inline$/.test(v)), `no inline violation: ${directives}`);
    assert(directives.some((v) => /^script-src eval$/.test(v)), `no eval violation: ${directives}`);
  });

  const opened = () => (existsSync(openedLinksLog) ? readFileSync(openedLinksLog, 'utf8').split('\n').filter(Boolean) : []);

  await test('open_link refuses unlisted hosts, other schemes and user@host tricks, opening nothing', async () => {
    const cases = [
      ['https://evil.example/login', 'link_host_not_listed', 'evil.example is not one of the sites'],
      ['https://docs.pingidentity.com.evil.example/', 'link_host_not_listed', 'not one of the sites'],
      ['http://docs.pingidentity.com/', 'link_not_https', 'Only https://'],
      ['file:///etc/passwd', 'link_not_https', 'Only https://'],
      ['https://docs.pingidentity.com@evil.example/', 'link_has_credentials', 'user name or password'],
      ['https://admin:hunter2@acme.haiilo.app/', 'link_has_credentials', 'user name or password'],
    ];
    for (const [url, code, text] of cases) {
      const outcome = await invokeInPage(driver, 'open_link', { url });
      assert(!outcome.ok, `${url} was opened`);
      const error = JSON.parse(outcome.error);
      assertEqual(error.code, code, `code for ${url}`);
      assert(error.message.includes(text), `message for ${url}: ${error.message}`);
      assert(!error.message.includes('hunter2'), 'the refusal repeats a password');
    }
    assertEqual(opened(), [], 'links opened');
  });

  await test('open_link opens a listed documentation host', async () => {
    const url = 'https://docs.pingidentity.com/pingone/integrations/p1_scim.html';
    const outcome = await invokeInPage(driver, 'open_link', { url });
    assert(outcome.ok, `refused: ${outcome.error}`);
    assertEqual(opened(), [url], 'links opened');
  });

  return { opened };
}
