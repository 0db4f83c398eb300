// What every real-window suite shares: a free loopback port for tauri-driver, a test runner
// that prints one line per test and stops the suite at the first failure (each test builds
// on the window the one before left), and assert.

import { createServer } from 'node:net';

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

/** `{ name, ok }` of every test run so far, for the suite's last line. */
export const results = [];

export async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
    throw error;
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
