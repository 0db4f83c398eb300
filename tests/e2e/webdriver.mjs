// A minimal W3C WebDriver client over fetch: just what the end-to-end suite needs, so the
// suite has no dependency beyond Node itself.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async request(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = json.value?.message ?? JSON.stringify(json);
      throw new Error(`${method} ${path}: ${response.status} ${error}`);
    }
    return json.value;
  }

  /** Polls /status until the driver is ready (it needs a moment to start). */
  async waitUntilReady(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const status = await this.request('GET', '/status');
        if (status?.ready !== false) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`WebDriver at ${this.base} not ready after ${timeoutMs} ms`);
  }

  async start(application) {
    const value = await this.request('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    this.session = value.sessionId;
  }

  async quit() {
    if (this.session) {
      await this.request('DELETE', `/session/${this.session}`).catch(() => {});
      this.session = null;
    }
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  /** Finds one element by data-testid (optionally inside another), waiting for it. */
  async find(testId, { within, timeoutMs = 15_000 } = {}) {
    const selector = `[data-testid="${testId}"]`;
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      try {
        const path = within ? `/element/${within}/element` : '/element';
        const value = await this.request('POST', this.s(path), { using: 'css selector', value: selector });
        return value[ELEMENT];
      } catch (error) {
        lastError = error;
        await sleep(150);
      }
    }
    throw new Error(`no element ${selector} after ${timeoutMs} ms: ${lastError?.message}`);
  }

  async findAll(testId, within) {
    const path = within ? `/element/${within}/elements` : '/elements';
    const value = await this.request('POST', this.s(path), {
      using: 'css selector',
      value: `[data-testid="${testId}"]`,
    });
    return value.map((e) => e[ELEMENT]);
  }

  async click(testId, options) {
    const id = await this.find(testId, options);
    // WebKitWebDriver scrolls an element only until it touches the viewport's edge, where the
    // app's sticky footer covers it and the click is refused: centre it first.
    await this.execute("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });", [
      { [ELEMENT]: id },
    ]);
    await this.request('POST', this.s(`/element/${id}/click`), {});
  }

  async clear(testId) {
    const id = await this.find(testId);
    await this.request('POST', this.s(`/element/${id}/clear`), {});
  }

  async type(testId, text) {
    const id = await this.find(testId);
    await this.request('POST', this.s(`/element/${id}/value`), { text });
  }

  async text(testId, options) {
    const id = await this.find(testId, options);
    return this.request('GET', this.s(`/element/${id}/text`));
  }

  async textOf(elementId) {
    return this.request('GET', this.s(`/element/${elementId}/text`));
  }

  async attribute(elementId, name) {
    return this.request('GET', this.s(`/element/${elementId}/attribute/${name}`));
  }

  async property(testId, name) {
    const id = await this.find(testId);
    return this.request('GET', this.s(`/element/${id}/property/${name}`));
  }

  async execute(script, args = []) {
    return this.request('POST', this.s('/execute/sync'), { script, args });
  }

  /** Runs `script` with a callback as its last argument; resolves to what it passes. */
  async executeAsync(script, args = []) {
    return this.request('POST', this.s('/execute/async'), { script, args });
  }

  async windowHandles() {
    return this.request('GET', this.s('/window/handles'));
  }

  async screenshot() {
    // WebKit takes the picture with the next painted frame. The app draws without
    // accelerated compositing (src-tauri/src/webview_settings.rs), and then a page that sits
    // still paints no frame and the request would wait forever: so the page is asked, just
    // before, to repaint once a moment later, with an invisible change it takes back.
    await this.execute(
      "setTimeout(() => { const s = document.documentElement.style; s.outline = '1px solid transparent'; requestAnimationFrame(() => { s.outline = ''; }); }, 100);",
    );
    return Buffer.from(await this.request('GET', this.s('/screenshot')), 'base64');
  }

  /** Waits until `predicate` returns a truthy value; returns it. */
  async until(description, predicate, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        last = await predicate();
        if (last) return last;
      } catch (error) {
        last = error.message;
      }
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${description} (last: ${JSON.stringify(last)})`);
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
