import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type HalfstackService = 'postgres' | 'redis' | 'etcd' | 'docker' | 'registry';

export const HALFSTACK_SERVICES: readonly HalfstackService[] = [
  'postgres',
  'redis',
  'etcd',
  'docker',
  'registry',
];

/** Where each halfstack server listens, as URLs its clients accept. */
export type HalfstackAddresses = Record<HalfstackService, string>;

/** The variables `scripts/halfstack up` writes to `.halfstack/env`; the same names in the environment win. */
export const HALFSTACK_ENV_KEYS: Readonly<HalfstackAddresses> = {
  postgres: 'TESSERA_HALFSTACK_POSTGRES_URL',
  redis: 'TESSERA_HALFSTACK_REDIS_URL',
  etcd: 'TESSERA_HALFSTACK_ETCD_URL',
  docker: 'TESSERA_HALFSTACK_DOCKER_HOST',
  registry: 'TESSERA_HALFSTACK_REGISTRY_URL',
};

const DEFAULT_ADDRESSES: Readonly<HalfstackAddresses> = {
  postgres: 'postgresql://postgres:develove@127.0.0.1:8100/backend',
  redis: 'redis://127.0.0.1:8110',
  etcd: 'http://127.0.0.1:8120',
  docker: 'unix:///var/run/docker.sock',
  registry: 'http://127.0.0.1:8130',
};

/** The repository root: the nearest folder above this file that holds `scripts/halfstack`. */
export function findRepoRoot(start: string = __dirname): string {
  let folder = start;
  while (!existsSync(join(folder, 'scripts', 'halfstack'))) {
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`no scripts/halfstack in any folder above ${start}`);
    }
    folder = parent;
  }
  return folder;
}

export function halfstackEnvFile(repoRoot: string): string {
  return join(repoRoot, '.halfstack', 'env');
}

/** Parses `KEY=VALUE` lines, skipping blank lines and `#` comments. */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const equals = trimmed.indexOf('=');
    if (trimmed === '' || trimmed.startsWith('#') || equals < 1) {
      continue;
    }
    values.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  return values;
}

/** Addresses from the environment, else `.halfstack/env`, else the halfstack defaults; read afresh on each call. */
export function readHalfstackAddresses(repoRoot: string): HalfstackAddresses {
  const file = halfstackEnvFile(repoRoot);
  const fromFile = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : new Map<string, string>();
  const addresses = { ...DEFAULT_ADDRESSES };
  for (const service of HALFSTACK_SERVICES) {
    const key = HALFSTACK_ENV_KEYS[service];
    addresses[service] = process.env[key] || fromFile.get(key) || DEFAULT_ADDRESSES[service];
  }
  return addresses;
}
