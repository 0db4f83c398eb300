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

export const TOKEN_PASS: StepResult = {
  id: 'token',
  title: 'Get an access token',
  status: 'pass',
  duration_ms: 120,
  summary: 'Haiilo issued a Bearer token.',
  finding: null,
};

export const LIST_PASS: StepResult = {
  id: 'list_users',
  title: 'List users over SCIM',
  status: 'pass',
  duration_ms: 80,
  summary: 'Haiilo lists 1234 users; read the first 10.',
  finding: null,
};

export const TOKEN_FAIL: StepResult = {
  id: 'token',
  title: 'Get an access token',
  status: 'fail',
  duration_ms: 95,
  summary: 'Haiilo rejected the Client ID or Client Secret.',
  finding: {
    code: 'invalid_client',
    summary: 'Haiilo rejected the Client ID or Client Secret.',
    detail: 'The token endpoint answered 401 invalid_client.',
    fix: 'Create a new API client pair in the SCIM user directory and store its secret.',
    evidence: {
      request: 'POST https://acme.haiilo.app/api/oauth/token',
      status: 401,
      content_type: 'application/json',
      location: null,
      body_excerpt: '{"error":"invalid_client"}',
    },
  },
};

export function report(steps: StepResult[], users: CheckReport['users']): CheckReport {
  return {
    ok: steps.every((s) => s.status !== 'fail'),
    target: {
      scim_base_url: 'https://acme.haiilo.app/api/scim/v2',
      token_url: 'https://acme.haiilo.app/api/oauth/token',
      client_id: 'client-1',
    },
    steps,
    users,
  };
}

/** Resolves after pending promise callbacks (IPC mocks answer asynchronously). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export function last<T>(items: T[]): T | undefined {
  return items[items.length - 1];
}
