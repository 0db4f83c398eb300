// Views shaped exactly like the Rust side sends them (types from the generated bindings).
import type { CheckReport } from '../../src/lib/bindings/CheckReport';
import type { Endpoints } from '../../src/lib/bindings/Endpoints';
import type { FormField } from '../../src/lib/bindings/FormField';
import type { Setup } from '../../src/lib/bindings/Setup';
import type { SetupView } from '../../src/lib/bindings/SetupView';
import type { StepResult } from '../../src/lib/bindings/StepResult';
import type { UserSummary } from '../../src/lib/bindings/UserSummary';

export function endpointsFor(host: string, notes: string[] = []): Endpoints {
  return {
    host,
    scim_base_url: `https://${host}/api/scim/v2`,
    token_url: `https://${host}/api/oauth/token`,
    notes,
  };
}

export function formFields(e: Endpoints, clientId: string | null): FormField[] {
  const shown = (label: string, value: string): FormField => ({ label, value, is_secret: false });
  return [
    shown('SCIM BASE URL', e.scim_base_url),
    shown('SCIM Version', '2.0'),
    shown('Users Resource', '/Users'),
    shown('Groups Resource', '/Groups'),
    shown('Authentication Method', 'OAuth 2 Client Credentials'),
    shown('OAuth Token Request', e.token_url),
    { label: 'OAuth Client ID', value: clientId, is_secret: false },
    shown('Auth Type Header', 'Bearer'),
    { label: 'OAuth Client Secret', value: null, is_secret: true },
  ];
}

export function makeSetup(overrides: Partial<Setup> = {}): Setup {
  return {
    id: 'setup-1',
    name: 'Acme',
    domain: '',
    advanced: null,
    client_id: '',
    done_steps: [],
    group_provisioning: 'undecided',
    groups_note: '',
    last_check: null,
    is_demo: false,
    created_ms: 1_700_000_000_000,
    updated_ms: 1_700_000_000_000,
    ...overrides,
  };
}

/** A view as Rust derives it: endpoints and values only when the domain is set. */
export function makeView(overrides: Partial<Setup> = {}, secret: SetupView['secret']['location'] = 'none'): SetupView {
  const setup = makeSetup(overrides);
  const host = setup.domain.trim().toLowerCase();
  const endpoints = host ? endpointsFor(host) : null;
  const clientId = setup.client_id.trim() || null;
  return {
    setup,
    endpoints,
    endpoint_error: endpoints ? null : { code: 'empty', message: 'Enter your Haiilo domain, for example acme.haiilo.app.' },
    values: endpoints
      ? {
          connection: {
            scim_base_url: endpoints.scim_base_url,
            scim_version: '2.0',
            users_resource: '/Users',
            groups_resource: '/Groups',
            authentication_method: 'OAuth 2 Client Credentials',
            oauth_token_request: endpoints.token_url,
            oauth_client_id: clientId,
            auth_type_header: 'Bearer',
          },
          rule: {
            user_filter: { attribute: 'Enabled', operator: 'Equals', value: 'true' },
            attribute_mapping: 'Leave unchanged.',
            group_provisioning: 'Optional.',
          },
          notes: ['Paste the SCIM BASE URL exactly as shown.'],
        }
      : null,
    form_fields: endpoints ? formFields(endpoints, clientId) : [],
    secret: { location: secret, keychain_error: null },
  };
}

export const USERS: UserSummary[] = Array.from({ length: 12 }, (_, i) => ({
  id: `u${i}`,
  userName: `user${i}@acme.example`,
  name: i === 1 ? null : `User ${i}`,
  active: i !== 2,
}));

/** A finished step with every field the Rust side sends (defaults for a passing step). */
export function step(partial: Partial<StepResult> & Pick<StepResult, 'id' | 'title'>): StepResult {
  const finding = partial.finding ?? partial.findings?.[0] ?? null;
  return {
    status: 'pass',
    duration_ms: 50,
    summary: '',
    group: 'network',
    started_ms: 0,
    facts: [],
    skipped_because: null,
    skipped_steps: [],
    ...partial,
    finding,
    findings: partial.findings ?? (finding ? [finding] : []),
  };
}

export const TOKEN_PASS: StepResult = step({
  id: 'token',
  title: 'Get an access token',
  group: 'authentication',
  started_ms: 140,
  duration_ms: 120,
  summary: 'Haiilo issued a Bearer token.',
  facts: [
    { label: 'Token type', value: 'Bearer' },
    { label: 'Lifetime', value: '3600 s' },
  ],
});

export const LIST_PASS: StepResult = step({
  id: 'list_users',
  title: 'List users over SCIM',
  group: 'scim',
  started_ms: 260,
  duration_ms: 80,
  summary: 'Haiilo lists 1234 users; read the first 10.',
});

export const TOKEN_FAIL: StepResult = step({
  id: 'token',
  title: 'Get an access token',
  group: 'authentication',
  status: 'fail',
  started_ms: 140,
  duration_ms: 95,
  summary: 'Haiilo rejected the Client ID or Client Secret.',
  finding: {
    code: 'invalid_client',
    severity: 'critical',
    summary: 'Haiilo rejected the Client ID or Client Secret.',
    detail: 'The token endpoint answered 401 invalid_client.',
    fix: 'Create a new API client pair in the SCIM user directory and store its secret.',
    evidence: {
      request: 'POST https://acme.haiilo.app/api/oauth/token',
      status: 401,
      status_line: 'HTTP/1.1 401 Unauthorized',
      content_type: 'application/json',
      location: null,
      headers: [
        { name: 'content-type', value: 'application/json' },
        { name: 'www-authenticate', value: 'Bearer error="invalid_client"' },
      ],
      body_excerpt: '{"error":"invalid_client"}',
    },
  },
  facts: [{ label: 'Auth method', value: 'client_secret_post' }],
  skipped_steps: ['list_users'],
});

export const ERROR_FORMAT_WARN: StepResult = step({
  id: 'error_format',
  title: 'Check SCIM error answers',
  group: 'pingone_compatibility',
  status: 'warn',
  started_ms: 300,
  duration_ms: 40,
  summary: 'Errors are not SCIM error documents.',
  finding: {
    code: 'error_format_not_scim',
    severity: 'warn',
    summary: 'Haiilo answers errors without a SCIM error body.',
    detail: 'A lookup of a missing user answered 404 with text/html.',
    fix: 'Nothing to change for PingOne; mention it if you open a ticket.',
    evidence: null,
  },
});

/** The whole 13-step ladder; `failToken` fails the token step and skips what needs it. */
export function ladder(failToken = false): StepResult[] {
  const s = (id: StepResult['id'], title: string, group: StepResult['group'], started_ms: number, duration_ms: number) =>
    step({ id, title, group, started_ms, duration_ms, summary: `${title}: fine.` });
  const needsToken = (r: StepResult): StepResult =>
    failToken
      ? { ...r, status: 'skip', duration_ms: 0, started_ms: 235, summary: 'Skipped: it needs "Get an access token" to succeed first, and that failed.', skipped_because: 'token', finding: null, findings: [], facts: [] }
      : r;
  return [
    s('inputs', 'Check the values', 'network', 0, 2),
    s('dns', 'Resolve the Haiilo domain', 'network', 2, 30),
    s('tcp', 'Connect to Haiilo', 'network', 32, 40),
    { ...s('tls', 'Check the TLS certificate', 'network', 72, 60), facts: [{ label: 'TLS version', value: 'TLS 1.3' }] },
    failToken ? TOKEN_FAIL : { ...TOKEN_PASS, started_ms: 132 },
    s('scim_requires_auth', 'SCIM requires sign-in', 'authentication', 132, 70),
    needsToken(s('service_provider_config', 'Read the service provider configuration', 'scim', 252, 30)),
    needsToken(LIST_PASS),
    needsToken(s('pingone_lookup_absent', 'Look up a user who does not exist', 'pingone_compatibility', 340, 25)),
    needsToken(s('pingone_lookup_existing', 'Look up an existing user', 'pingone_compatibility', 340, 35)),
    needsToken(s('paging', 'Page through users', 'pingone_compatibility', 252, 90)),
    needsToken(s('groups', 'List groups', 'pingone_compatibility', 252, 45)),
    needsToken(ERROR_FORMAT_WARN),
  ];
}

export function report(steps: StepResult[], users: CheckReport['users']): CheckReport {
  const findings = steps.flatMap((s) => s.findings.map((f) => ({ step: s.id, f })));
  const rank = { critical: 0, error: 1, warn: 2 } as const;
  const items = findings
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity])
    .map(({ step: id, f }) => ({ step: id, code: f.code, severity: f.severity, summary: f.summary, fix: f.fix }));
  const problems = items.filter((i) => i.severity !== 'warn').length;
  const warnings = items.length - problems;
  const ready = steps.every((s) => s.status !== 'fail');
  const e = endpointsFor('acme.haiilo.app');
  return {
    ok: ready,
    target: { scim_base_url: e.scim_base_url, token_url: e.token_url, client_id: 'client-1' },
    steps,
    users,
    verdict: {
      ready,
      headline: ready
        ? warnings > 0
          ? `Ready for PingOne, with ${warnings} warning${warnings === 1 ? '' : 's'}`
          : 'Ready for PingOne'
        : `${problems} problem${problems === 1 ? '' : 's'} to fix`,
      problems,
      warnings,
      items,
    },
    pingone: makeView({ domain: 'acme.haiilo.app', client_id: 'client-1' }).values!,
    group_provisioning: false,
    started_at: '2026-01-01T10:00:00Z',
    duration_ms: Math.max(1, ...steps.map((s) => s.started_ms + s.duration_ms)),
    environment: { app_version: '0.1.0', os: 'linux', arch: 'x86_64', proxy: null, proxy_variables: [] },
  };
}

/** Resolves after pending promise callbacks (IPC mocks answer asynchronously). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export function last<T>(items: T[]): T | undefined {
  return items[items.length - 1];
}
