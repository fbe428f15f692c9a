import { Etcd3 } from 'etcd3';
import { createLogger } from '@tessera/core';
import { EtcdLockService } from '@tessera/lock-etcd';

const silent = createLogger({ level: 'silent' });

export async function connectEtcdLocks(url: string, namespace: string): Promise<EtcdLockService> {
  const service = new EtcdLockService(
    { endpoints: [url], namespace, defaultTtlMs: 5000, requestTimeoutMs: 3000, owner: 'test' },
    silent,
  );
  await service.connect();
  return service;
}

/**
 * Another etcd client, as an operator's etcdctl would be: revokes the leases of the lock keys in
 * `namespace` whose key `select` picks. Returns how many leases it revoked.
 */
export async function revokeEtcdLeases(
  url: string,
  namespace: string,
  select: (key: string) => boolean,
): Promise<number> {
  const client = new Etcd3({ hosts: [url] });
  try {
    const response = await client.namespace(`/sorna/${namespace}/locks/`).getAll().exec();
    const leases = new Set(response.kvs.filter((kv) => select(kv.key.toString())).map((kv) => kv.lease));
    for (const lease of leases) await client.leaseClient.leaseRevoke({ ID: lease });
    return leases.size;
  } finally {
    client.close();
  }
}

/**
 * Revokes the lease of every lock's current holder (the oldest key of each lock) in `namespace`,
 * leaving waiters alone, as if each holder had stopped renewing. Returns how many it revoked.
 */
export async function revokeEtcdHolderLeases(url: string, namespace: string): Promise<number> {
  const client = new Etcd3({ hosts: [url] });
  try {
    const response = await client
      .namespace(`/sorna/${namespace}/locks/`)
      .getAll()
      .sort('Create', 'Ascend')
      .exec();
    const holders = new Map<string, string>();
    for (const kv of response.kvs) {
      const key = kv.key.toString();
      const lockName = key.slice(0, key.lastIndexOf('/'));
      if (!holders.has(lockName)) holders.set(lockName, kv.lease);
    }
    for (const lease of holders.values()) await client.leaseClient.leaseRevoke({ ID: lease });
    return holders.size;
  } finally {
    client.close();
  }
}

/** The keys of `name`'s contenders, oldest (the holder) first. */
export async function etcdContenderKeys(url: string, namespace: string, name: string): Promise<string[]> {
  const client = new Etcd3({ hosts: [url] });
  try {
    const response = await client
      .namespace(`/sorna/${namespace}/locks/`)
      .getAll()
      .prefix(`${name}/`)
      .sort('Create', 'Ascend')
      .exec();
    return response.kvs.map((kv) => kv.key.toString());
  } finally {
    client.close();
  }
}

/** Removes every key the test left under its namespace. */
export async function deleteEtcdNamespace(url: string, namespace: string): Promise<void> {
  const client = new Etcd3({ hosts: [url] });
  try {
    await client.delete().prefix(`/sorna/${namespace}/`);
  } finally {
    client.close();
  }
}
