import { contractToken } from './token';

export interface ConfigWatchEvent {
  type: 'put' | 'delete';
  key: string;
  value: string | null;
}

/** A key that lives only as long as its holder (see {@link ConfigStore.putEphemeral}). */
export interface EphemeralKey {
  /** Aborted when the key is gone before `revoke`: its lease expired or was revoked by someone else. */
  readonly lost: AbortSignal;
  /** Deletes the key now (watchers see the delete). Idempotent. */
  revoke(): Promise<void>;
}

/**
 * config-store/v1: shared configuration (etcd in a cluster, in-memory plus a file when
 * embedded). Keys are slash-separated paths without a leading slash (`config/redis/addr`); the
 * implementation maps them under its own namespace prefix. Values are strings (JSON where
 * structured). `watchPrefix` calls the listener for every later change under the prefix until the
 * returned function is called.
 */
export interface ConfigStore {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key under the prefix with its value, keys in lexical order. */
  list(prefix: string): Promise<Array<[string, string]>>;
  deletePrefix(prefix: string): Promise<number>;
  watchPrefix(prefix: string, listener: (event: ConfigWatchEvent) => void): Promise<() => Promise<void>>;
  /**
   * Puts a key for service discovery (`nodes/manager/<id>`) that exists only while its holder is
   * healthy: the implementation keeps its lease of `ttlMs` alive (etcd keepalive); the key is
   * deleted when the holder revokes it, when the lease expires (the holder's process died or lost
   * etcd for longer than the ttl; `lost` then aborts), or when the store stops. A later `put` or
   * `delete` of the same key detaches it from the lease.
   */
  putEphemeral(key: string, value: string, ttlMs: number): Promise<EphemeralKey>;
}
export const ConfigStore = contractToken<ConfigStore>('config-store');
