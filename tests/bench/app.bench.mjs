// Desktop app figures for the RELEASE build (the binary `make package` puts in the .deb):
// time from launch to the first screen, idle memory of the app and its WebKit processes
// next to two floors measured the same way in the same run (WebKitGTK's own MiniBrowser
// showing about:blank, and a bare Tauri window built like the app's showing an empty page,
// src-tauri/examples/bare_window.rs), and the package size. Prints figures; asserts nothing. Run through
// tests/bench/run.sh (display, D-Bus, keyring, temp dirs).

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { WebDriver, sleep } from '../e2e/webdriver.mjs';

const root = resolve(import.meta.dirname, '../..');
const conf = JSON.parse(readFileSync(join(root, 'src-tauri/tauri.conf.json'), 'utf8'));
const app = join(root, 'target/release', conf.mainBinaryName);
// A Tauri window built like the app's, showing an empty page (src-tauri/examples/bare_window.rs).
const bareWindow = join(root, 'target/release/examples/bare_window');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = 5000;
const miniBrowser = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'].find(existsSync);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** PSS and RSS in KiB of a process and all its descendants, with each process's share. */
function treeMemory(pid) {
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
  const total = { pss: 0, rss: 0 };
  const parts = [];
  const visit = (p) => {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      const name = readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      const pss = Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
      const rss = Number(rollup.match(/^Rss:\s+(\d+)/m)?.[1] ?? 0);
      total.pss += pss;
      total.rss += rss;
      parts.push({ name, pss });
    } catch {
      return;
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return { ...total, parts };
}

/** Whether the X server shows a top-level window with this title (xprop, x11-utils). */
function windowShown(title) {
  try {
    execFileSync('xprop', ['-name', title, 'WM_NAME'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a program directly (no WebDriver, whose automation mode changes what WebKit
 * keeps), waits for its window, lets it idle, and measures its process tree.
 */
async function idleMemory(label, command, args, title, env = {}) {
  const child = spawn(command, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  try {
    const deadline = Date.now() + 30_000;
    while (!windowShown(title)) {
      if (Date.now() > deadline) throw new Error(`${label}: no window titled "${title}" after 30 s`);
      await sleep(50);
    }
    await sleep(IDLE_MS);
    return { label, ...treeMemory(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((ok) => (child.exitCode !== null ? ok() : child.once('exit', ok)));
    await sleep(500); // its WebKit processes go with it
  }
}

/** When a process started, in clock ticks since boot (from /proc). */
const startTicks = (pid) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
// The tick count of a process started now, for turning ticks into wall-clock time (the page
// reports wall-clock time); /proc/uptime can be a container's own, so it is not used.
const reference = spawn('sleep', ['1'], { stdio: 'ignore' });
const referenceEpochMs = Date.now();
const referenceTicks = startTicks(reference.pid);

/** When a process started, in ms since the epoch (10 ms resolution). */
const processStartEpochMs = (pid) => referenceEpochMs + ((startTicks(pid) - referenceTicks) / ticksPerSecond) * 1000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const spread = (xs) => `median ${median(xs).toFixed(0)} ms over ${xs.length} runs (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

if (!existsSync(app)) throw new Error(`${app} is missing: run make package first`);
const debs = readdirSync(join(root, 'target/release/bundle/deb')).filter((f) => f.endsWith('.deb'));
console.log(`app binary (release): ${(statSync(app).size / 1048576).toFixed(1)} MiB`);
for (const deb of debs) {
  console.log(`package ${deb}: ${(statSync(join(root, 'target/release/bundle/deb', deb)).size / 1048576).toFixed(2)} MiB`);
}

// Start-up, through WebDriver: from asking for the app to the start screen found, and from
// inside the app: from the process's start to the page marking its first painted screen.
// The bare Tauri window (the second floor) sets the same mark on its empty page; the two
// are launched in turns, so both meet the same load on the machine.
const port = await freePort();
const driverProcess = spawn('tauri-driver', ['--port', String(port), '--native-port', String(await freePort())], {
  stdio: 'ignore',
});
const driver = new WebDriver(`http://127.0.0.1:${port}`);
const startSubject = (label, binary, ready) => ({ label, binary, ready, viaDriver: [], inApp: [], beforePage: [], inPage: [] });
const startSubjects = [
  startSubject('app', app, () => driver.find('screen-start', { timeoutMs: 30_000 })),
  // Its page has nothing to find: the first-screen mark is what it waits for.
  ...(existsSync(bareWindow) ? [startSubject('floor: bare Tauri window', bareWindow, async () => {})] : []),
];

/** One launch: WebDriver's time to the ready screen, and the page's own first-screen mark. */
async function timeOneStart(subject) {
  const started = performance.now();
  await driver.start(subject.binary);
  await subject.ready();
  const pid = Number(execFileSync('pgrep', ['-n', '-x', basename(subject.binary).slice(0, 15)]).toString().trim());
  const startedAt = processStartEpochMs(pid);
  const marks = await driver
    .until(
      'the first-screen mark',
      () =>
        driver.execute(
          "const m = performance.getEntriesByName('first-screen')[0]; return m ? [performance.timeOrigin, m.startTime] : null;",
        ),
      subject.binary === app ? 5000 : 30_000,
    )
    .catch(() => null);
  subject.viaDriver.push(performance.now() - started);
  if (marks !== null) {
    const [pageOrigin, pageToScreen] = marks;
    subject.inApp.push(pageOrigin + pageToScreen - startedAt);
    subject.beforePage.push(pageOrigin - startedAt);
    subject.inPage.push(pageToScreen);
  }
  await driver.quit();
}

try {
  await driver.waitUntilReady();
  for (let i = 0; i < runs; i++) for (const s of startSubjects) await timeOneStart(s);
} finally {
  await driver.quit();
  driverProcess.kill('SIGTERM');
}
for (const s of startSubjects) {
  console.log(
    `${s.label}: launch to first screen, timed inside (process start to first screen painted): ${
      s.inApp.length ? spread(s.inApp) : 'n/a (no first-screen mark)'
    }`,
  );
  if (s.inApp.length) {
    console.log(`  of which process start to the page starting to load (GTK, WebKit's processes): ${spread(s.beforePage)}`);
    console.log(`  of which page load to first screen painted (scripts, first IPC, layout): ${spread(s.inPage)}`);
  }
}
console.log(`app: launch to first screen, via WebDriver (includes the driver's own start-up): ${spread(startSubjects[0].viaDriver)}`);
if (startSubjects.length === 1) console.log('  (no bare Tauri window built: make bench builds it)');

// Idle memory, all processes together, each started the same way and left 5 s on its first
// screen; the floor with WebKit's compositing as it comes and switched off by its
// environment switch. PSS shares a library's pages among all processes mapping it, so it
// moves with whatever else runs: they are measured in turns, and the median round (by
// the app's PSS) is shown.
const ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
const subjects = [
  { label: 'app (release)', command: app, args: [], title: conf.app.windows[0].title },
  ...(existsSync(bareWindow)
    ? [{ label: 'floor: bare Tauri window (same WebKit settings), empty page', command: bareWindow, args: [], title: 'Bare Tauri window' }]
    : []),
  ...(miniBrowser
    ? [
        { label: 'floor: MiniBrowser about:blank', command: miniBrowser, args: ['about:blank'], title: 'WebKitGTK MiniBrowser' },
        {
          label: 'floor: MiniBrowser about:blank, compositing off',
          command: miniBrowser,
          args: ['about:blank'],
          title: 'WebKitGTK MiniBrowser',
          env: { WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
        },
      ]
    : []),
];
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const round = [];
  for (const s of subjects) round.push(await idleMemory(s.label, s.command, s.args, s.title, s.env));
  rounds.push(round);
}
rounds.sort((a, b) => a[0].pss - b[0].pss);
const measured = rounds[Math.floor(rounds.length / 2)];
console.log(`idle memory after ${IDLE_MS / 1000} s on the first screen, app and WebKit processes together (median of ${ROUNDS} rounds):`);
for (const m of measured) {
  const parts = m.parts.map((p) => `${p.name} ${mib(p.pss)}`).join(', ');
  console.log(`  ${m.label}: PSS ${mib(m.pss)}, RSS ${mib(m.rss)} (PSS: ${parts})`);
}
if (!miniBrowser) console.log('  (no MiniBrowser here: install libwebkit2gtk-4.1-0 for the floor)');
for (const floor of measured.slice(1)) {
  console.log(`  app PSS / ${floor.label}: ${(measured[0].pss / floor.pss).toFixed(2)}x (target: at most 1.15x)`);
}
console.log(`  app PSS in each round: ${rounds.map((r) => mib(r[0].pss)).join(', ')}`);
