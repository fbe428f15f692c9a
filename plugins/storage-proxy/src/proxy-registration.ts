import { randomBytes } from 'node:crypto';
import { TesseraError, type ConfigStore, type Logger } from '@tessera/core';

/** What `volumes/proxies/<name>` holds (managers read manager_api, client_api, secret, volumes). */
export interface ProxyRecord {
  manager_api: string;
  client_api: string;
  secret: string;
  volumes: string[];
  /** The token key; only this proxy reads it (kept here so it survives restarts). */
  jwt_secret: string;
}

export const PROXIES_PREFIX = 'volumes/proxies/';
export const DEFAULT_HOST_KEY = 'volumes/default_host';

export function proxyKey(name: string): string {
  return `${PROXIES_PREFIX}${name}`;
}

/** The proxy's two secrets: from the plugin config, else as stored last time, else new. */
export async function loadSecrets(
  store: ConfigStore,
  name: string,
  configured: { managerSecret?: string; jwtSecret?: string },
): Promise<{ managerSecret: string; jwtSecret: string }> {
  const previous = await readRecord(store, name);
  return {
    managerSecret: configured.managerSecret ?? previous?.secret ?? randomBytes(32).toString('hex'),
    jwtSecret: configured.jwtSecret ?? previous?.jwt_secret ?? randomBytes(32).toString('hex'),
  };
}

/**
 * Publishes the proxy at `volumes/proxies/<name>` and sets `volumes/default_host` to
 * `<name>:<first volume>` when no default host is set yet (an operator's value is kept).
 */
export async function publishProxy(
  store: ConfigStore,
  name: string,
  record: ProxyRecord,
  log: Logger,
): Promise<void> {
  await store.put(proxyKey(name), JSON.stringify(record));
  const first = record.volumes[0];
  if (first !== undefined && (await store.get(DEFAULT_HOST_KEY)) === null) {
    await store.put(DEFAULT_HOST_KEY, `${name}:${first}`);
    log.info('set the default vfolder host', { host: `${name}:${first}` });
  }
}

async function readRecord(store: ConfigStore, name: string): Promise<Partial<ProxyRecord> | null> {
  const raw = await store.get(proxyKey(name));
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed === 'object' && parsed !== null) return parsed as Partial<ProxyRecord>;
  } catch {
    // Reported below.
  }
  throw new TesseraError(
    'config-invalid',
    `the config store key ${proxyKey(name)} does not hold a JSON object; delete it so the storage proxy writes it anew`,
    { key: proxyKey(name) },
  );
}
