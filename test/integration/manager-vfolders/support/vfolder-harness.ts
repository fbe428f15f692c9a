import type { ConfigStore, Database } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { OrmDatabase, type Config as DatabaseConfig } from '@tessera/database';
import { expect } from 'chai';
import { signRequest } from '@tessera/signing';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedCall, type Answer, type Caller } from '../../manager/graphql-harness';
import { createScratchDatabase, type ScratchDatabase } from '../../database/support/postgres-scratch';
import { REPO_ROOT } from '../../../support/plugin-sandbox';
import { RecordingLogger } from '../../../support/recording-logger';
import { SseClient } from '../../manager-events/support/sse-client';
import { FakeStorageProxy } from './fake-storage-proxy';

export { eventually } from '../../../support/eventually';
export { gql, signedCall, type Answer, type Caller } from '../../manager/graphql-harness';
export { SseClient };

export const DOMAIN = 'default';
export const PROJECT_ID = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
export const LAB_PROJECT_ID = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const HOST = 'local:volume1';
/** Granted only by the `limited` keypair policy. */
export const HOST_2 = 'local:volume2';
/** Served by the proxy, granted to nobody. */
export const HOST_3 = 'local:volume3';

const ALL_HOST_PERMISSIONS = [
  'create-vfolder',
  'modify-vfolder',
  'delete-vfolder',
  'mount-in-session',
  'upload-file',
  'download-file',
  'invite-others',
  'set-user-specific-permission',
];

/** A caller with its user id and e-mail. */
export interface Person extends Caller {
  userId: string;
  email: string;
}

function person(n: number, email: string): Person {
  const digits = String(n).padStart(2, '0');
  return {
    userId: `e1f0c7a2-2222-4a4a-9b9b-0000000000${digits}`,
    email,
    accessKey: `AKIAVFOLDERTEST000${digits}`,
    secretKey: `vfolderTestSecret${digits}`.padEnd(40, '0'),
  };
}

export const SUPERADMIN = person(9, 'vf-superadmin@lablup.com');
export const DOMAIN_ADMIN = person(1, 'vf-admin@lablup.com');
export const ALICE = person(2, 'alice@lablup.com');
export const BOB = person(3, 'bob@lablup.com');
export const CAROL = person(4, 'carol@lablup.com');
/** In the domain, in no project: a stranger to everyone's folders. */
export const DAVE = person(5, 'dave@lablup.com');
export const LAB_ADMIN = person(6, 'lab-admin@lablup.com');
/** Keypair policy `limited`: two folders at most, 1 MiB each, two mounted per session, and volume2 as well. */
export const LIMITED = person(7, 'limited@lablup.com');

function fixtures() {
  const user = (who: Person, role: string, domain = DOMAIN) => ({
    uuid: who.userId,
    email: who.email,
    username: who.email.split('@')[0],
    role,
    domain_name: domain,
    main_access_key: who.accessKey,
  });
  const keypair = (who: Person, isAdmin: boolean, policy = 'default') => ({
    access_key: who.accessKey,
    secret_key: who.secretKey,
    user_id: who.email,
    is_admin: isAdmin,
    resource_policy: policy,
  });
  return {
    domains: [
      { name: DOMAIN, allowed_vfolder_hosts: { [HOST]: ALL_HOST_PERMISSIONS } },
      { name: 'lab', allowed_vfolder_hosts: { [HOST]: ALL_HOST_PERMISSIONS } },
    ],
    keypair_resource_policies: [
      { name: 'default', max_concurrent_sessions: 30, max_containers_per_session: 8 },
      {
        name: 'limited',
        max_vfolder_count: 2,
        max_vfolder_size: 1024 * 1024,
        max_vfolder_mounts: 2,
        allowed_vfolder_hosts: { [HOST_2]: ['create-vfolder'] },
      },
    ],
    resource_groups: [{ name: 'default' }],
    groups: [
      { id: PROJECT_ID, name: 'default', domain_name: DOMAIN },
      { id: LAB_PROJECT_ID, name: 'default', domain_name: 'lab' },
    ],
    users: [
      user(SUPERADMIN, 'superadmin'),
      user(DOMAIN_ADMIN, 'admin'),
      user(ALICE, 'user'),
      user(BOB, 'user'),
      user(CAROL, 'user'),
      user(DAVE, 'user'),
      user(LAB_ADMIN, 'admin', 'lab'),
      user(LIMITED, 'user'),
    ],
    association_groups_users: [SUPERADMIN, DOMAIN_ADMIN, ALICE, BOB, CAROL, LIMITED].map((who) => ({
      group_id: PROJECT_ID,
      user_id: who.userId,
    })),
    keypairs: [
      keypair(SUPERADMIN, true),
      keypair(DOMAIN_ADMIN, true),
      keypair(ALICE, false),
      keypair(BOB, false),
      keypair(CAROL, false),
      keypair(DAVE, false),
      keypair(LAB_ADMIN, true),
      keypair(LIMITED, false, 'limited'),
    ],
    resource_groups_for_domains: [{ resource_group: 'default', domain: DOMAIN }],
  };
}

export interface VfolderDeployment {
  test: TestKernel;
  endpoint: string;
  db: Database;
  store: ConfigStore;
  /** The fake storage proxy (a stand-in that records calls); see bootRealProxyManager for the real one. */
  proxy: FakeStorageProxy;
  scratch: ScratchDatabase;
  /** A signed call as `who`. */
  call(who: Caller, method: string, path: string, body?: unknown): Promise<Answer>;
  stop(): Promise<void>;
}

/**
 * A manager on a scratch PostgreSQL database (migrated, with the people above) with
 * `@tessera/manager-events` (background-task streams) and `@tessera/manager-vfolders`, talking to a
 * fake storage proxy `local` (volume1..3, default volume1) registered in the embedded config store.
 */
export async function bootVfolderManager(): Promise<VfolderDeployment> {
  const scratch = await createScratchDatabase();
  const proxy = await FakeStorageProxy.start('local', ['volume1', 'volume2', 'volume3']);
  const dbConfig = await prepareDatabase(scratch);
  const test = await bootKernel(dbConfig, []);
  const store = test.kernel.resolve<ConfigStore>('config-store');
  await proxy.register(store, HOST);
  const endpoint = test.kernel.endpoints()['manager.api']!;
  return {
    test,
    endpoint,
    db: test.kernel.resolve<Database>('database'),
    store,
    proxy,
    scratch,
    call: (who, method, path, body) => signedCall(endpoint, who, method, path, body),
    stop: async () => {
      await test.stop();
      await proxy.stop();
      await scratch.drop();
    },
  };
}

/** A manager as above with the real `@tessera/storage-proxy` (`local`, vfs volumes under `volumeRoot`) in the same kernel. */
export interface RealProxyDeployment extends Omit<VfolderDeployment, 'proxy'> {
  volumeRoot: string;
  /** The folder's directory on its volume. */
  folderDir(id: string): Promise<string>;
}

export async function bootRealProxyManager(): Promise<RealProxyDeployment> {
  const scratch = await createScratchDatabase();
  const volumeRoot = await mkdtemp(join(tmpdir(), 'tessera-vfolder-volumes-'));
  const dbConfig = await prepareDatabase(scratch);
  for (const name of ['volume1', 'volume2', 'volume3']) await mkdir(join(volumeRoot, name));
  const volumes = Object.fromEntries(
    ['volume1', 'volume2', 'volume3'].map((name) => [name, { backend: 'vfs', path: join(volumeRoot, name) }]),
  );
  const test = await bootKernel(dbConfig, [
    { package: '@tessera/storage-backend-vfs', config: { usageCacheSeconds: 0 } },
    {
      package: '@tessera/storage-proxy',
      config: {
        name: 'local',
        managerListen: 'http://127.0.0.1:0',
        clientListen: 'http://127.0.0.1:0',
        volumes,
      },
    },
  ]);
  const store = test.kernel.resolve<ConfigStore>('config-store');
  await store.put('volumes/default_host', HOST);
  const endpoint = test.kernel.endpoints()['manager.api']!;
  const db = test.kernel.resolve<Database>('database');
  return {
    test,
    endpoint,
    db,
    store,
    scratch,
    volumeRoot,
    folderDir: async (id) => {
      const folder = (await db.vfolders.get(id))!;
      const scope = folder.quotaScopeId!.slice(folder.quotaScopeId!.indexOf(':') + 1).replace(/-/g, '');
      const hex = id.replace(/-/g, '');
      return join(
        volumeRoot,
        folder.host.split(':')[1]!,
        scope,
        hex.slice(0, 2),
        hex.slice(2, 4),
        hex.slice(4),
      );
    },
    call: (who, method, path, body) => signedCall(endpoint, who, method, path, body),
    stop: async () => {
      await test.stop();
      await scratch.drop();
      await rm(volumeRoot, { recursive: true, force: true });
    },
  };
}

/** Migrates the scratch database and loads the people above; answers the database plugin's config. */
async function prepareDatabase(scratch: ScratchDatabase) {
  const dbConfig = { ...scratch.config, poolSize: 4, connectTimeout: 5000 };
  const migrator = new OrmDatabase(new RecordingLogger());
  await migrator.open(
    {
      ...(dbConfig as DatabaseConfig),
      pendingMigrations: 'ignore',
      exampleFixtures: false,
      debug: false,
      path: '',
    },
    '/nonexistent',
  );
  try {
    await migrator.schema.migrate();
    await migrator.fixtures.populate(fixtures());
  } finally {
    await migrator.close();
  }
  return dbConfig;
}

async function bootKernel(
  dbConfig: Record<string, unknown>,
  storage: Array<{ package: string; config?: Record<string, unknown> }>,
): Promise<TestKernel> {
  return bootTestKernel({
    roles: storage.length > 0 ? ['manager', 'storage-proxy'] : ['manager'],
    plugins: [
      { package: '@tessera/event-bus-embedded' },
      { package: '@tessera/lock-embedded' },
      { package: '@tessera/config-store-embedded', config: { file: '' } },
      { package: '@tessera/database', config: { ...dbConfig, exampleFixtures: false } },
      { package: '@tessera/scheduler-fifo' },
      { package: '@tessera/agent-selector-concentrated' },
      { package: '@tessera/manager-sessions' },
      { package: '@tessera/manager-scheduling' },
      { package: '@tessera/manager-events' },
      ...storage,
      { package: '@tessera/manager-vfolders' },
      { package: '@tessera/manager', config: { service: { host: '127.0.0.1', port: 0 } } },
    ],
    defaults: { scheduler: 'fifo', 'agent-selector': 'concentrated' },
    cwd: REPO_ROOT,
  });
}

/** A signed POST whose answer headers matter (delete forever's X-BackendAI-BgTask-ID). */
export async function signedPost(
  endpoint: string,
  who: Caller,
  path: string,
  body: unknown,
): Promise<Response> {
  const url = new URL(path, endpoint);
  const date = new Date().toISOString();
  const apiVersion = 'v9.20250722';
  const { authorization } = signRequest({
    method: 'POST',
    pathWithQuery: url.pathname + url.search,
    rawDate: date,
    host: url.host,
    contentType: 'application/json',
    apiVersion,
    ...who,
  });
  return fetch(url, {
    method: 'POST',
    headers: {
      Authorization: authorization,
      Date: date,
      'Content-Type': 'application/json',
      'X-BackendAI-Version': apiVersion,
    },
    body: JSON.stringify(body),
  });
}

/** Creates a folder as `who` and answers its id (dashed). */
export async function createFolder(
  deployment: Pick<VfolderDeployment, 'call'>,
  who: Caller,
  body: Record<string, unknown>,
): Promise<string> {
  const answer = await deployment.call(who, 'POST', '/folders', body);
  expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
  const hex = answer.body['id'] as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A name no other test uses. */
let counter = 0;
export function uniqueName(prefix = 'f'): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Follows a background task to its end over the SSE stream: every event, the terminal one last. */
export async function followTask(
  deployment: Pick<VfolderDeployment, 'endpoint'>,
  who: Caller,
  taskId: string,
) {
  const stream = await SseClient.open(deployment.endpoint, who, `/events/background-task?task_id=${taskId}`);
  await stream.end(30_000);
  return stream.events;
}
