import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { HalfstackAddresses } from './halfstack-addresses';
import {
  createScratchDatabase,
  type ScratchDatabase,
} from '../integration/database/support/postgres-scratch';

/**
 * A test's own share of the halfstack servers, for manifests driven through their TESSERA_*
 * variables: a scratch PostgreSQL database, an etcd namespace and a Redis stream and channel, all
 * named by one random suffix. `env` holds the variables; `cleanUp` drops and deletes them all.
 */
export interface HalfstackTenant {
  suffix: string;
  database: ScratchDatabase;
  env: Record<string, string>;
  cleanUp(): Promise<void>;
}

export async function halfstackTenant(
  addresses: Pick<HalfstackAddresses, 'etcd' | 'redis'>,
): Promise<HalfstackTenant> {
  const suffix = randomBytes(4).toString('hex');
  const database = await createScratchDatabase();
  const env = {
    TESSERA_DB_NAME: database.name,
    TESSERA_ETCD_URL: addresses.etcd,
    TESSERA_ETCD_NAMESPACE: `e2e-${suffix}`,
    TESSERA_REDIS_URL: addresses.redis,
    TESSERA_REDIS_STREAM: `e2e-events-${suffix}`,
    TESSERA_REDIS_CHANNEL: `e2e-events-all-${suffix}`,
  };
  const run = (command: string, args: string[]) => new Promise((resolve) => execFile(command, args, resolve));
  return {
    suffix,
    database,
    env,
    cleanUp: async () => {
      await database.drop();
      // Leave nothing behind in the shared etcd and Redis.
      await run('etcdctl', ['--endpoints', addresses.etcd, 'del', '--prefix', `/sorna/e2e-${suffix}/`]);
      const redis = new URL(addresses.redis);
      await run('redis-cli', [
        '-h',
        redis.hostname,
        '-p',
        redis.port,
        '-n',
        '4',
        'del',
        env.TESSERA_REDIS_STREAM,
      ]);
    },
  };
}
