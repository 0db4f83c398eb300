// A fake of the Rust side, injected into the page before any app script runs (Playwright's
// addInitScript). It defines window.__TAURI_INTERNALS__ the way Tauri does (invoke,
// transformCallback, runCallback…) and answers the app's commands from memory, like the
// real commands do: setups CRUD, endpoint preview with a small normaliser, secret flags,
// and a connection check that replays a generated run through the Channel with small delays.
//
// Configure it with window.__FAKE_CONFIG__ (set by an earlier init script):
//   { setups: Setup[], secrets: {id: 'keychain'|'session'}, notice: string|null,
//     keychainUnavailable: boolean, stepDelayMs: number, saveDialog: 'save'|'cancel',
//     secretValues: {id: string} (a seeded secret's value; not starting with "good": wrong),
//     holdCheck: boolean, systemLang: 'en'|'de', lang: 'en'|'de' (a saved choice) }
// With holdCheck a check run stops once one step finished while others run, until the test calls
// window.__fake.releaseCheck() (a stable "running" state to inspect).
// and window.__FAKE_RUNS__ (the generated check runs, by scenario name; __FAKE_RUNS_DE__ in German).
// The test reads window.__fake (clipboard, calls, setups) to assert what the app did.
(() => {
  const config = Object.assign(
    { setups: [], secrets: {}, notice: null, keychainUnavailable: false, stepDelayMs: 150 },
    window.__FAKE_CONFIG__ || {},
  );
  /** Generated check runs by scenario (see "the check" below). */
  const RUNS = window.__FAKE_RUNS__ || {};
  const DEMO_SECRET = 'demo-secret-not-real';
  const GOOD_SECRET_PREFIX = 'good';

  const state = {
    config,
    // Fields a setups file may lack take their defaults, as Rust's `#[serde(default)]` gives.
    setups: structuredClone(config.setups).map((s) => ({ pending_client_id: '', ...s })),
    /** id -> { location, value } (value kept in memory only, like the keychain would). */
    secrets: Object.fromEntries(
      Object.entries(config.secrets).map(([id, location]) => [
        id,
        { location, value: (config.secretValues || {})[id] ?? 'good-seeded-secret' },
      ]),
    ),
    notice: config.notice,
    /** The UI language (config.lang: a saved choice; else the system's, config.systemLang). */
    lang: config.lang || config.systemLang || 'en',
    langChosen: Boolean(config.lang),
    clipboard: [],
    calls: [],
    /** id -> the last CheckReport (what save_report / copy_summary use). */
    reports: {},
    /** Paths save_report wrote to. */
    savedReports: [],
    /** What export_setup wrote, by path (the portable part of a setup, as Rust writes it). */
    exportedFiles: {},
    /** The file import_setup reads (the last exported one). */
    importPath: null,
    /** Addresses open_link was asked to open. */
    opened: [],
    /** id -> { location, value }: a new Haiilo secret waiting for its test (kind haiilo_pending). */
    pending: {},
    nextId: 1,
    /** Set while a held check run waits (config.holdCheck): call it to let the run go on. */
    releaseCheck: null,
  };
  window.__fake = state;

  const fail = (code, message) => Promise.reject({ code, message });
  // Rust words its messages in the UI language; the fake does the same for the messages the
  // German walk-through meets (the rest stay English, as no German flow reaches them).
  const say = (en, de) => (state.lang === 'de' ? de : en);
  /** The generated runs in the UI language (Rust's own texts, `make fixtures`). */
  const runs = () => (state.lang === 'de' && window.__FAKE_RUNS_DE__) || RUNS;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const now = () => Date.now();

  // ---- endpoints: a small version of the Rust normaliser ----
  function fromDomain(input) {
    const notes = [];
    let text = String(input ?? '');
    const trimmed = text.trim();
    if (trimmed !== text && trimmed) notes.push(say('Removed spaces around the domain.', 'Leerzeichen um die Domain entfernt.'));
    text = trimmed;
    if (!text) return { error: { code: 'empty', message: say('Enter your Haiilo domain, for example acme.haiilo.app.', 'Geben Sie Ihre Haiilo-Domain ein, zum Beispiel acme.haiilo.app.') } };
    const scheme = /^([a-z]+):\/\//i.exec(text);
    if (scheme) {
      const s = scheme[1].toLowerCase();
      if (s === 'http') notes.push('Switched http:// to https:// (Haiilo and PingOne only talk over HTTPS).');
      else if (s !== 'https')
        return { error: { code: 'unsupported_scheme', message: `'${s}://' is not a web address Haiilo uses.` } };
      text = text.slice(scheme[0].length);
    }
    const cut = text.search(/[/?#]/);
    const authority = cut === -1 ? text : text.slice(0, cut);
    const path = cut === -1 ? '' : text.slice(cut).split(/[?#]/)[0];
    if (authority.includes('@')) {
      return {
        error: {
          code: 'email_address',
          message: say(
            'This looks like an e-mail address. The Haiilo domain is the address of your Haiilo web app, not the domain of your e-mail addresses.',
            'Das sieht aus wie eine E-Mail-Adresse. Die Haiilo-Domain ist die Adresse Ihrer Haiilo-Web-App, nicht die Domain Ihrer E-Mail-Adressen.',
          ),
        },
      };
    }
    if (/\s/.test(authority))
      return { error: { code: 'whitespace_in_host', message: `The domain '${authority}' contains a space.` } };
    const host = authority.toLowerCase().replace(/\.$/, '');
    if (!host.includes('.') && !host.startsWith('127.0.0.1') && host !== 'localhost') {
      return {
        error: {
          code: 'no_dot',
          message: `'${host}' is not a full domain name (it has no dot). Type the whole name, for example ${host}.haiilo.app.`,
        },
      };
    }
    const segments = path.split('/').filter(Boolean);
    const last = (segments[segments.length - 1] || '').toLowerCase();
    if (last === 'users' || last === 'groups') {
      notes.push(`Removed /${segments.pop()} from the end (PingOne adds the Users and Groups resources itself).`);
    }
    const rest = '/' + segments.join('/');
    if (rest === '/api/scim/v2') notes.push('Took the domain from the SCIM base URL you pasted.');
    else if (rest !== '/') notes.push(`Ignored the path ${rest}: the SCIM address is always https://${host}/api/scim/v2.`);
    return {
      endpoints: {
        host,
        scim_base_url: `https://${host}/api/scim/v2`,
        token_url: `https://${host}/api/oauth/token`,
        notes,
      },
    };
  }

  function fromExplicit(scim, token) {
    const bad = (field, value) => ({
      error: {
        code: 'invalid_url',
        message: `The ${field} '${value}' is not a complete web address. Type the full address starting with https://.`,
      },
      field: field === 'SCIM base URL' ? 'scim_base_url' : 'token_url',
    });
    const parse = (field, value) => {
      try {
        const url = new URL(String(value).trim());
        if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
        return url;
      } catch {
        return null;
      }
    };
    const s = parse('SCIM base URL', scim);
    if (!s) return bad('SCIM base URL', scim);
    const t = parse('token URL', token);
    if (!t) return bad('token URL', token);
    const notes = [];
    let path = s.pathname;
    if (path.endsWith('/')) {
      path = path.replace(/\/+$/, '');
      notes.push('Removed the trailing slash from the SCIM base URL.');
    }
    return { endpoints: { host: s.host, scim_base_url: `${s.origin}${path}`, token_url: t.href, notes } };
  }

  /** The endpoints, or the error and the field it is about (as Rust says it). */
  function resolve(domain, advanced) {
    if (advanced && (advanced.scim_base_url.trim() || advanced.token_url.trim())) {
      return fromExplicit(advanced.scim_base_url, advanced.token_url);
    }
    const r = fromDomain(domain);
    return r.error ? { ...r, field: 'domain' } : r;
  }

  // ---- views ----
  function secretState(id) {
    const s = state.secrets[id];
    return { location: s ? s.location : 'none', keychain_error: null };
  }

  // Rust's note that PingOne cannot reach a loopback address names the address, in either language.
  const isLoopbackNote = (note) => note.includes('127.0.0.1');

  function view(setup) {
    const generated = runs().ready.report.pingone;
    const r = resolve(setup.domain, setup.advanced);
    const clientId = setup.client_id.trim() || null;
    let values = null;
    let formFields = [];
    if (r.endpoints) {
      values = {
        connection: {
          scim_base_url: r.endpoints.scim_base_url,
          scim_version: '2.0',
          users_resource: '/Users',
          groups_resource: '/Groups',
          authentication_method: 'OAuth 2 Client Credentials',
          oauth_token_request: r.endpoints.token_url,
          oauth_client_id: clientId,
          auth_type_header: 'Bearer',
        },
        // Rust's own rule texts and advice (PingOneValues::new), from a generated run made
        // against 127.0.0.1; its note that PingOne cannot reach that address only for a
        // setup on 127.0.0.1, first, as Rust puts it.
        rule: structuredClone(generated.rule),
        notes: [
          ...(r.endpoints.host.startsWith('127.0.0.1') ? generated.notes.filter(isLoopbackNote) : []),
          ...r.endpoints.notes,
          ...generated.notes.filter((n) => !isLoopbackNote(n)),
        ],
      };
      const c = values.connection;
      const shown = (label, value) => ({ label, value, is_secret: false });
      formFields = [
        shown('SCIM BASE URL', c.scim_base_url),
        shown('SCIM Version', c.scim_version),
        shown('Users Resource', c.users_resource),
        shown('Groups Resource', c.groups_resource),
        shown('Authentication Method', c.authentication_method),
        shown('OAuth Token Request', c.oauth_token_request),
        { label: 'OAuth Client ID', value: c.oauth_client_id, is_secret: false },
        shown('Auth Type Header', c.auth_type_header),
        { label: 'OAuth Client Secret', value: null, is_secret: true },
      ];
    }
    return {
      setup: structuredClone(setup),
      endpoints: r.endpoints ?? null,
      endpoint_error: r.error ?? null,
      endpoint_error_field: r.field ?? null,
      values,
      form_fields: formFields,
      secret: secretState(setup.id),
      // The flows' setups have no PingOne access (the real-window suite covers it).
      worker_secret: { location: 'none', keychain_error: null },
      pingone_access: null,
      pingone_access_error: null,
    };
  }

  function newSetup(name) {
    const t = now();
    return {
      id: `setup-${state.nextId++}`,
      name: name.trim(),
      domain: '',
      advanced: null,
      client_id: '',
      pending_client_id: '',
      done_steps: [],
      group_provisioning: 'undecided',
      groups_note: '',
      last_check: null,
      is_demo: false,
      pingone: null,
      secret_saved_ms: null,
      pingone_applied_ms: null,
      created_ms: t,
      updated_ms: t,
    };
  }

  function get(id) {
    const setup = state.setups.find((s) => s.id === id);
    if (!setup) throw { code: 'setup_not_found', message: `There is no saved setup with id ${id}.` };
    return setup;
  }

  // ---- the check: a generated run, replayed ----
  //
  // The runs are real Rust output against the demo tenant (ui/tests/fixtures/checks, made
  // by `make fixtures`); run.mjs hands them over as window.__FAKE_RUNS__. They ran one step
  // after another; here they are replayed the way a concurrent run looks on screen: each
  // step starts a little after the one before, steps overlap and finish in a different
  // (deterministic) order, and the steps a failure made pointless finish right after it.
  function scenarioFor(setup, secretValue) {
    if (secretValue === DEMO_SECRET) return 'ready';
    if (!secretValue.startsWith(GOOD_SECRET_PREFIX)) return 'wrong-secret';
    // The run with a warning has groups missing; Rust makes that a problem once group
    // provisioning was chosen, so a setup that chose groups gets the clean run.
    return setup.group_provisioning === 'users_and_groups' ? 'ready' : 'ready-with-warning';
  }

  /** How long each step takes, in units, by its place among the started steps (cycled). */
  const DURATIONS = [0.2, 0.6, 0.4, 0.9, 1.3, 0.7, 0.5, 1.1, 0.8, 0.4, 1.4, 0.6, 0.9];
  /** How long after the previous step each one starts, in units. */
  const STAGGER = 0.35;

  /** The run's events with their times (ms from the start), in the order to send them. */
  function schedule(run, unit) {
    const times = new Map();
    run.events
      .filter((e) => e.event === 'step_started')
      .forEach((e, i) => {
        times.set(e.id, { start: Math.round(i * STAGGER * unit), took: Math.round(DURATIONS[i % DURATIONS.length] * unit) });
      });
    const timed = [];
    run.events.forEach((e, order) => {
      const t = times.get(e.id);
      if (e.event === 'step_started') timed.push({ at: t.start, order, message: e });
      else if (t) {
        // Rust's times for the replayed run; the fixtures give every step the same 10 ms.
        timed.push({ at: t.start + t.took, order, message: { ...e, started_ms: t.start, duration_ms: t.took } });
      } else {
        const cause = times.get(e.skipped_because);
        timed.push({ at: cause ? cause.start + cause.took : 0, order, message: e });
      }
    });
    return timed.sort((a, b) => a.at - b.at || a.order - b.order);
  }

  async function runCheck(id, channel) {
    const setup = get(id);
    const secret = state.secrets[id];
    if (!secret) throw { code: 'secret_missing', message: 'Store the Client Secret in Phase 1 before testing the connection.' };
    const r = resolve(setup.domain, setup.advanced);
    if (!r.endpoints) throw r.error;
    if (!setup.client_id.trim()) {
      throw {
        code: 'empty',
        message: "Enter the Client ID of the API client you created in Haiilo's SCIM user directory.",
      };
    }
    const name = scenarioFor(setup, secret.value);
    if (!runs()[name]) throw { code: 'internal', message: `The fake backend has no generated run '${name}' (run.mjs loads them).` };
    const run = structuredClone(runs()[name]);
    let index = 0;
    const send = (message) => window.__TAURI_INTERNALS__.runCallback(channel.id, { index: index++, message });
    const startedAt = now();
    const events = schedule(run, state.config.stepDelayMs / 3);
    let clock = 0;
    let held = false;
    const running = new Set();
    let finishedCount = 0;
    for (const e of events) {
      if (e.at > clock) {
        await sleep(e.at - clock);
        clock = e.at;
      }
      send(e.message);
      if (e.message.event === 'step_started') running.add(e.message.id);
      else if (running.delete(e.message.id)) finishedCount++;
      // Held once steps have both finished and are still running: the typical mid-run screen.
      if (state.config.holdCheck && !held && finishedCount > 0 && running.size > 0) {
        held = true;
        await new Promise((resume) => {
          state.releaseCheck = resume;
        });
      }
    }
    window.__TAURI_INTERNALS__.runCallback(channel.id, { index: index++, end: true });

    // The report as Rust would send it for this setup: the run's steps (with the replayed
    // times), verdict and users, for the setup's own target, values and group choice.
    const finished = new Map(events.filter((e) => e.message.event === 'step_finished').map((e) => [e.message.id, e.message]));
    const steps = run.report.steps.map((s) => {
      const { event: _event, ...step } = finished.get(s.id) ?? { ...s };
      return step;
    });
    const { verdict, users, ok } = run.report;
    const failed = steps.find((s) => s.status === 'fail');
    setup.last_check = {
      at_ms: now(),
      ok,
      summary: failed ? failed.summary : say(`${users.total_results} users in Haiilo`, `${users.total_results} Benutzer in Haiilo`),
      finding_codes: verdict.items.map((i) => i.code),
      total_users: users ? users.total_results : null,
      pingone: null,
      lang: state.lang,
    };
    const report = {
      ...run.report,
      target: { scim_base_url: r.endpoints.scim_base_url, token_url: r.endpoints.token_url, client_id: setup.client_id.trim() },
      steps,
      pingone: view(setup).values,
      group_provisioning: setup.group_provisioning === 'users_and_groups',
      started_at: new Date(startedAt).toISOString(),
      duration_ms: Math.max(now() - startedAt, ...steps.map((s) => s.started_ms + s.duration_ms)),
    };
    state.reports[id] = report;
    return report;
  }

  // ---- commands ----
  const commands = {
    language_state() {
      return { lang: state.lang, system: config.systemLang || 'en', chosen: state.langChosen };
    },
    set_language({ lang }) {
      state.lang = lang;
      state.langChosen = true;
      return { lang, system: config.systemLang || 'en', chosen: true };
    },
    list_setups() {
      const setups = [...state.setups].sort((a, b) => b.updated_ms - a.updated_ms).map(view);
      return { setups, notice: state.notice };
    },
    create_setup({ name }) {
      const setup = newSetup(name);
      state.setups.push(setup);
      return view(setup);
    },
    save_setup({ input }) {
      const setup = get(input.id);
      Object.assign(setup, {
        // As the app: an unnamed setup takes its Haiilo host.
        name: input.name.trim() || (resolve(input.domain, input.advanced).endpoints?.host ?? ''),
        domain: input.domain,
        client_id: input.client_id,
        pending_client_id: input.pending_client_id,
        advanced: input.advanced,
        done_steps: [...new Set(input.done_steps)].sort(),
        group_provisioning: input.group_provisioning,
        groups_note: input.groups_note,
        pingone: Object.values(input.pingone).some((v) => v.trim() !== '') ? input.pingone : null,
        updated_ms: now(),
      });
      return view(setup);
    },
    delete_setup({ id }) {
      state.setups = state.setups.filter((s) => s.id !== id);
      delete state.secrets[id];
      return null;
    },
    preview_endpoints({ domain, advanced }) {
      const r = resolve(domain, advanced);
      return { endpoints: r.endpoints ?? null, error: r.error ?? null, field: r.field ?? null };
    },
    store_secret({ id, secret, sessionOnly, kind }) {
      get(id);
      // Tauri rejects a call without every argument; the flows store the Haiilo secret and a
      // new one waiting for its test.
      if (kind === 'haiilo_pending' && secret) {
        state.pending[id] = { location: sessionOnly ? 'session' : 'keychain', value: secret };
        return { location: state.pending[id].location, keychain_error: null };
      }
      if (kind !== 'haiilo' && kind !== 'haiilo_pending') throw { code: 'internal', message: 'invalid args `kind` for command `store_secret`' };
      if (!secret) throw { code: 'secret_empty', message: 'Paste the Client Secret Haiilo showed when you created the API client.' };
      if (!sessionOnly && state.config.keychainUnavailable) {
        throw {
          code: 'keychain_unavailable',
          message: say(
            'The system keychain is not available: no Secret Service provider is running.',
            'Der Schlüsselbund des Systems ist nicht verfügbar: Es läuft kein Secret-Service-Anbieter.',
          ),
        };
      }
      state.secrets[id] = { location: sessionOnly ? 'session' : 'keychain', value: secret };
      return secretState(id);
    },
    remove_secret({ id, kind }) {
      if (kind === 'haiilo_pending') {
        delete state.pending[id];
        return { location: 'none', keychain_error: null };
      }
      if (kind !== 'haiilo') throw { code: 'internal', message: 'invalid args `kind` for command `remove_secret`' };
      delete state.secrets[id];
      return secretState(id);
    },
    copy_text({ text }) {
      state.clipboard.push(text);
      return null;
    },
    copy_secret({ id }) {
      const s = state.secrets[id];
      if (!s) throw { code: 'secret_missing', message: 'No client secret is stored for this setup yet.' };
      state.clipboard.push('<secret>');
      return 60;
    },
    save_report({ id, includeUsers }) {
      // Tauri rejects a call without every argument of the Rust command.
      if (typeof includeUsers !== 'boolean') throw { code: 'internal', message: 'invalid args `includeUsers` for command `save_report`' };
      const report = state.reports[id];
      if (!report) throw { code: 'no_report', message: 'Run the connection test first: there is no report to save yet.' };
      if (state.config.saveDialog === 'cancel') return null;
      const path = `/home/admin/Documents/haiilo-scim-report-${get(id).name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`;
      state.savedReports.push(path);
      return path;
    },
    copy_summary({ id }) {
      const report = state.reports[id];
      if (!report) throw { code: 'no_report', message: 'Run the connection test first: there is no report to copy yet.' };
      state.clipboard.push(
        [`Haiilo SCIM check for ${report.target.scim_base_url}: ${report.verdict.headline}`, ...report.verdict.items.map((i) => `- ${i.code}: ${i.summary}`)].join('\n'),
      );
      return null;
    },
    export_setup({ id }) {
      const setup = get(id);
      if (setup.is_demo) throw { code: 'demo_not_exportable', message: 'The demo setup points at a practice tenant that runs inside this app.' };
      if (state.config.saveDialog === 'cancel') return null;
      const slug = setup.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'setup';
      const path = `/home/admin/Documents/${slug}.haiilo-setup.json`;
      const { name, domain, advanced, client_id, done_steps, group_provisioning, groups_note, pingone } = setup;
      state.exportedFiles[path] = structuredClone({ name, domain, advanced, client_id, done_steps, group_provisioning, groups_note, pingone });
      state.importPath = path;
      return path;
    },
    import_setup() {
      const portable = state.exportedFiles[state.importPath];
      if (!portable) throw { code: 'not_a_setup_file', message: 'report.pdf is not a setup file of the Haiilo SCIM Setup Assistant.' };
      const taken = new Set(state.setups.map((s) => s.name.trim().toLowerCase()));
      let name = portable.name;
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${portable.name} (${n})`;
      const setup = { ...newSetup(name), ...structuredClone(portable), name };
      state.setups.push(setup);
      return view(setup);
    },
    run_check({ id, onEvent }) {
      return runCheck(id, onEvent);
    },
    start_demo() {
      let setup = state.setups.find((s) => s.is_demo);
      if (!setup) {
        setup = newSetup('Demo tenant (local practice)');
        setup.is_demo = true;
        state.setups.push(setup);
      }
      Object.assign(setup, {
        domain: 'demo.haiilo.test',
        advanced: { scim_base_url: 'http://127.0.0.1:47011/api/scim/v2', token_url: 'http://127.0.0.1:47011/api/oauth/token' },
        client_id: 'demo-client',
        updated_ms: now(),
      });
      state.secrets[setup.id] = { location: 'session', value: DEMO_SECRET };
      return view(setup);
    },
    new_pair_state({ id }) {
      get(id);
      return { location: state.pending[id]?.location ?? 'none', keychain_error: null };
    },
    // As Rust (core::new_pair): the run with the new pair decides, by its token and user
    // listing steps; only an accepted pair replaces the setup's.
    test_new_pair({ id, clientId }) {
      const setup = get(id);
      const pending = state.pending[id];
      if (!pending) throw { code: 'secret_missing', message: 'Store the new pair’s Client Secret first: the test signs in with it.' };
      const run = structuredClone(RUNS[scenarioFor(setup, pending.value)]);
      const accepted = ['token', 'list_users'].every((step) => ['pass', 'warn'].includes(run.report.steps.find((s) => s.id === step)?.status));
      if (accepted) {
        state.secrets[id] = pending;
        delete state.pending[id];
        setup.client_id = clientId;
        setup.pending_client_id = '';
      }
      return {
        promoted: accepted,
        message: accepted
          ? 'Haiilo accepts the new pair: it is now this setup’s Client ID and Client Secret. Next, give it to PingOne.'
          : 'The old pair stays in use, nothing changed. The test with the new pair failed at the token request.',
        report: run.report,
        view: view(setup),
      };
    },
    open_link({ url }) {
      if (!String(url).startsWith('https://')) throw { code: 'invalid_link', message: 'Only https:// links can be opened.' };
      state.opened.push(url);
      return null;
    },
  };

  // ---- Tauri internals ----
  const callbacks = new Map();
  let nextCallback = 1;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
    transformCallback(callback, once = false) {
      const id = nextCallback++;
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback && callback(data);
      });
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    runCallback(id, data) {
      const cb = callbacks.get(id);
      if (cb) cb(data);
    },
    callbacks,
    async invoke(cmd, args = {}) {
      state.calls.push(cmd);
      const handler = commands[cmd];
      if (!handler) return fail('unknown_command', `The fake backend has no command ${cmd}.`);
      await sleep(5);
      try {
        return structuredClone(await handler(args));
      } catch (error) {
        throw error && error.code ? error : { code: 'internal', message: String(error) };
      }
    },
    convertFileSrc(path) {
      return path;
    },
  };
})();
