import { expect } from 'chai';
import { Passwords } from '@tessera/manager-identity';
import {
  ALICE,
  bootGraphQLManager,
  DEFAULT_PROJECT_ID,
  DOMAIN_ADMIN,
  gql,
  LAB_ADMIN,
  SUPERADMIN,
  type Caller,
} from '../../manager/graphql-harness';
import type { ManagerDeployment } from '../../manager/support/manager-deployment';

export {
  ALICE,
  BOB,
  DEFAULT_PROJECT_ID,
  DOMAIN_ADMIN,
  LAB_ADMIN,
  LAB_PROJECT_ID,
  LAB_USER,
  SUPERADMIN,
  expectProblem,
  gql,
  signedCall,
  type Answer,
  type Caller,
} from '../../manager/graphql-harness';
export { eventually, type ManagerDeployment } from '../../manager/support/manager-deployment';

/** A monitor of `default`. */
export const MONITOR: Caller = {
  accessKey: 'AKIAIDMONITOR0000001',
  secretKey: 'identityTestMonitorSecret000000000000001',
};

/** The password of every account below. */
export const PASSWORD = 'correct-horse-battery';

/** Accounts with passwords, for the /auth routes (each with one active keypair). */
export const LOGIN = {
  carol: {
    email: 'carol@lablup.com',
    keypair: { accessKey: 'AKIAIDCAROL000000001', secretKey: 'identityTestCarolSecret00000000000000001' },
  },
  dave: {
    email: 'dave@lablup.com',
    keypair: { accessKey: 'AKIAIDDAVE0000000001', secretKey: 'identityTestDaveSecret000000000000000001' },
  },
  erin: {
    email: 'erin@lablup.com',
    keypair: { accessKey: 'AKIAIDERIN0000000001', secretKey: 'identityTestErinSecret000000000000000001' },
  },
  inactive: { email: 'inactive@lablup.com', status: 'inactive' },
  unverified: { email: 'unverified@lablup.com', status: 'before-verification' },
  deleted: { email: 'deleted@lablup.com', status: 'deleted' },
} as const;

/** bcrypt at its lowest cost keeps logins quick in tests. */
export const TEST_BCRYPT_ROUNDS = 4;

/**
 * The GraphQL test manager (graphql-harness: superadmin, a domain admin, Alice and Bob of
 * `default`, an admin and a user of `lab`) with @tessera/manager-identity, plus a monitor of
 * `default` and the password accounts of LOGIN.
 */
export async function bootIdentityManager(
  identityConfig: Record<string, unknown> = {},
  managerConfig: Record<string, unknown> = {},
): Promise<ManagerDeployment> {
  const deployment = await bootGraphQLManager({
    manager: managerConfig,
    features: [
      {
        package: '@tessera/manager-identity',
        config: { bcryptRounds: TEST_BCRYPT_ROUNDS, ...identityConfig },
      },
    ],
  });
  const passwordHash = await new Passwords(TEST_BCRYPT_ROUNDS).hash(PASSWORD);
  const account = (email: string, status = 'active', role = 'user') => ({
    email,
    username: email.split('@')[0],
    password_hash: passwordHash,
    role,
    status,
    domain_name: 'default',
  });
  await deployment.db.fixtures.populate({
    users: [
      account('monitor@lablup.com', 'active', 'monitor'),
      ...Object.values(LOGIN).map((login) =>
        account(login.email, 'status' in login ? login.status : 'active'),
      ),
    ],
    keypairs: [
      keypair(MONITOR, 'monitor@lablup.com'),
      ...Object.values(LOGIN)
        .filter((login) => 'keypair' in login)
        .map((login) => keypair((login as { keypair: Caller }).keypair, login.email)),
    ],
  });
  return deployment;
}

function keypair(caller: Caller, email: string) {
  return {
    access_key: caller.accessKey,
    secret_key: caller.secretKey,
    user_id: email,
    is_admin: false,
    resource_policy: 'default',
  };
}

/** POST /auth/authorize without a signature, as the web UI and `backend.ai login` send it. */
export async function authorize(
  endpoint: string,
  body: Record<string, unknown>,
): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
  return publicPost(endpoint, '/auth/authorize', body);
}

export async function publicPost(
  endpoint: string,
  path: string,
  body: unknown,
): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, endpoint), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** The callers of the role matrix, by the name the tests print. */
export const ROLE_CALLERS: ReadonlyArray<readonly [string, Caller]> = [
  ['superadmin', SUPERADMIN],
  ['domain admin', DOMAIN_ADMIN],
  ['user', ALICE],
  ['monitor', MONITOR],
  ["another domain's admin", LAB_ADMIN],
];

/** A GraphQL call that must succeed: its `data`. */
export async function gqlData(
  deployment: ManagerDeployment,
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const answer = await gql(deployment.endpoint, caller, query, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
  return answer.data!;
}

/** A GraphQL call that must be refused with `code` on its one field: the field is null. */
export async function gqlRefused(
  deployment: ManagerDeployment,
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
  code = 'forbidden',
): Promise<string> {
  const answer = await gql(deployment.endpoint, caller, query, variables);
  expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
  const [error] = answer.errors as Array<{ message: string; extensions: { code: string } }>;
  expect(error!.extensions.code, error!.message).to.equal(code);
  for (const value of Object.values(answer.data ?? {})) expect(value).to.equal(null);
  return error!.message;
}

export { DEFAULT_PROJECT_ID as DEFAULT_GROUP };
