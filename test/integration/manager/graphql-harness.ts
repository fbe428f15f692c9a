import { expect } from 'chai';
import { signRequest } from '@tessera/signing';
import {
  bootManager,
  eventually,
  type ManagerConfigs,
  type ManagerDeployment,
} from './support/manager-deployment';

/** A keypair the GraphQL tests sign with. */
export interface Caller {
  accessKey: string;
  secretKey: string;
}

/** The example superadmin of the embedded deployment (`admin@lablup.com`). */
export const SUPERADMIN: Caller = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
/** Domain admin of `default`. */
export const DOMAIN_ADMIN: Caller = {
  accessKey: 'AKIAGQLDOMAINADMIN01',
  secretKey: 'graphqlTestDomainAdminSecret00000000001',
};
/** Ordinary users of `default`; Bob's policy allows one session at a time. */
export const ALICE: Caller = {
  accessKey: 'AKIAGQLUSERALICE0001',
  secretKey: 'graphqlTestAliceSecret000000000000000001',
};
export const BOB: Caller = {
  accessKey: 'AKIAGQLUSERBOB000001',
  secretKey: 'graphqlTestBobSecret00000000000000000001',
};
/** Domain admin and user of the domain `lab`. */
export const LAB_ADMIN: Caller = {
  accessKey: 'AKIAGQLLABADMIN00001',
  secretKey: 'graphqlTestLabAdminSecret000000000000001',
};
export const LAB_USER: Caller = {
  accessKey: 'AKIAGQLLABUSER000001',
  secretKey: 'graphqlTestLabUserSecret0000000000000001',
};

export const DEFAULT_PROJECT_ID = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
export const LAB_PROJECT_ID = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

/** The tenants above, loaded into the embedded deployment's database. */
const TENANTS = {
  domains: [{ name: 'lab', description: 'A second domain' }],
  keypair_resource_policies: [
    { name: 'one-at-a-time', max_concurrent_sessions: 1, max_containers_per_session: 8 },
  ],
  groups: [{ id: LAB_PROJECT_ID, name: 'default', domain_name: 'lab' }],
  users: [
    user('d1f0c7a2-1111-4a4a-9b9b-000000000001', 'domain-admin@lablup.com', 'admin', 'default'),
    user('d1f0c7a2-1111-4a4a-9b9b-000000000002', 'alice@lablup.com', 'user', 'default'),
    user('d1f0c7a2-1111-4a4a-9b9b-000000000003', 'bob@lablup.com', 'user', 'default'),
    user('d1f0c7a2-1111-4a4a-9b9b-000000000004', 'lab-admin@lablup.com', 'admin', 'lab'),
    user('d1f0c7a2-1111-4a4a-9b9b-000000000005', 'lab-user@lablup.com', 'user', 'lab'),
  ],
  keypairs: [
    keypair(DOMAIN_ADMIN, 'domain-admin@lablup.com', true),
    keypair(ALICE, 'alice@lablup.com'),
    keypair(BOB, 'bob@lablup.com', false, 'one-at-a-time'),
    keypair(LAB_ADMIN, 'lab-admin@lablup.com', true),
    keypair(LAB_USER, 'lab-user@lablup.com'),
  ],
};

function user(uuid: string, email: string, role: string, domain: string) {
  return { uuid, email, username: email.split('@')[0], role, domain_name: domain };
}

function keypair(caller: Caller, email: string, isAdmin = false, policy = 'default') {
  return {
    access_key: caller.accessKey,
    secret_key: caller.secretKey,
    user_id: email,
    is_admin: isAdmin,
    resource_policy: policy,
  };
}

/** The embedded manager of the manager tests (one 4-cpu scripted agent) with the tenants above. */
export async function bootGraphQLManager(configs: ManagerConfigs = {}): Promise<ManagerDeployment> {
  const deployment = await bootManager(configs);
  await deployment.db.fixtures.populate(TENANTS);
  return deployment;
}

export interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** One request signed with @tessera/signing, as @tessera/client signs (api-spec §1). */
export async function signedCall(
  endpoint: string,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const url = new URL(path, endpoint);
  const date = new Date().toISOString();
  const apiVersion = 'v9.20250722';
  const { authorization } = signRequest({
    method,
    pathWithQuery: url.pathname + url.search,
    rawDate: date,
    host: url.host,
    contentType: 'application/json',
    apiVersion,
    ...caller,
  });
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: authorization,
      Date: date,
      'Content-Type': 'application/json',
      'X-BackendAI-Version': apiVersion,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Asserts a problem+json answer with this status and Backend.AI problem type. */
export function expectProblem(answer: Answer, status: number, type: string): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  expect(answer.contentType).to.match(/^application\/problem\+json/);
  expect(answer.body['type']).to.equal(`https://api.backend.ai/probs/${type}`);
}

/** A query on the standard endpoint (`/admin/gql`): the `{data, errors}` answer. */
export async function gql(
  endpoint: string,
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: Record<string, unknown> | null; errors?: Array<Record<string, unknown>> }> {
  const answer = await signedCall(endpoint, caller, 'POST', '/admin/gql', { query, variables });
  if (answer.status !== 200)
    throw new Error(`/admin/gql answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as { data?: Record<string, unknown> | null; errors?: Array<Record<string, unknown>> };
}

/** Creates a session without waiting for it to start; returns its id. */
export async function createSession(
  deployment: ManagerDeployment,
  caller: Caller,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const answer = await signedCall(deployment.endpoint, caller, 'POST', '/session', {
    image: 'python',
    clientSessionToken: name,
    enqueueOnly: true,
    ...extra,
  });
  if (answer.status !== 201)
    throw new Error(`POST /session answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body['sessionId'] as string;
}

/** Waits until the session has this status. */
export async function statusReached(
  deployment: ManagerDeployment,
  sessionId: string,
  status: string,
): Promise<void> {
  await eventually(
    async () => (await deployment.db.sessions.get(sessionId))?.status === status,
    `${sessionId} ${status}`,
  );
}
