// Desktop app figures: time from launch to the first screen being on show, idle memory
// (RSS of the app and its WebKit processes), and the binary's size. Prints figures; asserts
// nothing. Run through tests/bench/run.sh (display, D-Bus, keyring, temp dirs).

import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { WebDriver, sleep } from '../e2e/webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const app = join(root, 'target/debug/haiilo-scim-assistant');
const runs = Number(process.env.BENCH_RUNS ?? 5);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** RSS in KiB of a process and all its descendants. */
function treeRssKiB(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const names = [];
  const visit = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      names.push(status.match(/Name:\s+(\S+)/)?.[1]);
    } catch {
      return;
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return { total, names };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const port = await freePort();
const driverProcess = spawn('tauri-driver', ['--port', String(port), '--native-port', String(await freePort())], {
  stdio: 'ignore',
});
const driver = new WebDriver(`http://127.0.0.1:${port}`);
try {
  await driver.waitUntilReady();
  const startup = [];
  let rss;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await driver.start(app);
    await driver.find('screen-start', { timeoutMs: 30_000 });
    startup.push(performance.now() - started);
    if (i === runs - 1) {
      await sleep(5000); // idle
      const appPid = Number(execFileSync('pgrep', ['-n', '-f', app]).toString().trim());
      rss = treeRssKiB(appPid);
    }
    await driver.quit();
  }
  const size = statSync(app).size;
  console.log(`app binary (debug): ${(size / 1024 / 1024).toFixed(1)} MiB`);
  console.log(
    `launch to first screen (via WebDriver, includes driver overhead): median ${median(startup).toFixed(0)} ms ` +
      `over ${runs} runs (min ${Math.min(...startup).toFixed(0)}, max ${Math.max(...startup).toFixed(0)})`,
  );
  console.log(`idle RSS after 5 s: ${(rss.total / 1024).toFixed(0)} MiB (${rss.names.join(', ')})`);
} finally {
  await driver.quit();
  driverProcess.kill('SIGTERM');
}
