import { execFile, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@tessera/core';
import { OrmDatabase, type Config } from '@tessera/database';
import { REPO_ROOT } from '../../../support/plugin-sandbox';
import type { ScratchDatabase } from '../../database/support/postgres-scratch';
import type { ManagerMessage, ManagerOrder } from './manager-process';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

/** A cluster manager in a child process (`manager-process.ts`), and how to ask it things. */
export interface ManagerChild {
  child: ChildProcess;
  endpoint: string;
  ask(command: string): Promise<ManagerMessage>;
}

/** Forks a manager with this order and waits until it listens; rejects if it fails or exits first. */
export function startManager(order: ManagerOrder): Promise<ManagerChild> {
  const child = fork(join(__dirname, 'manager-process.js'), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (command: string) =>
    new Promise<ManagerMessage>((resolve) => {
      child.once('message', (message: ManagerMessage) => resolve(message));
      child.send(command);
    });
  return new Promise((resolve, reject) => {
    child.once('message', (message: ManagerMessage) => {
      if ('ready' in message) resolve({ child, endpoint: message.ready, ask });
      else reject(new Error(`manager ${order.name} did not start: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => reject(new Error(`manager ${order.name} exited with ${code}`)));
    child.send(order);
  });
}

/** Migrates a scratch PostgreSQL database and loads the scheduling cluster fixture into it. */
export async function prepareClusterDatabase(scratch: ScratchDatabase): Promise<void> {
  const db = new OrmDatabase(quiet);
  await db.open(
    {
      ...(scratch.config as Config),
      pendingMigrations: 'ignore',
      poolSize: 2,
      connectTimeout: 5000,
      exampleFixtures: false,
      debug: false,
      path: '',
    },
    '/nonexistent',
  );
  try {
    await db.schema.migrate();
    const fixture = join(REPO_ROOT, 'test', 'fixtures', 'scheduling', 'cluster-fixture.json');
    await db.fixtures.populate(JSON.parse(readFileSync(fixture, 'utf8')));
  } finally {
    await db.close();
  }
}

/**
 * Stops the managers (each waited for), drops the database, and removes what they left in etcd
 * (their namespace) and Redis (their event stream).
 */
export async function stopCluster(
  managers: readonly ManagerChild[],
  scratch: ScratchDatabase | undefined,
  addresses: { redis: string; etcd: string },
  order: Pick<ManagerOrder, 'namespace' | 'stream'>,
): Promise<void> {
  for (const manager of managers) {
    manager.child.send('stop');
    await new Promise((resolve) => manager.child.once('exit', resolve));
  }
  await scratch?.drop();
  const run = (command: string, args: string[]) => new Promise((resolve) => execFile(command, args, resolve));
  await run('etcdctl', ['--endpoints', addresses.etcd, 'del', '--prefix', `/sorna/${order.namespace}/`]);
  const redis = new URL(addresses.redis);
  await run('redis-cli', ['-h', redis.hostname, '-p', redis.port, '-n', '4', 'del', order.stream]);
}
