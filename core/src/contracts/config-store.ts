import { contractToken } from './token';

export interface ConfigWatchEvent {
  type: 'put' | 'delete';
  key: string;
  value: string | null;
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
}
export const ConfigStore = contractToken<ConfigStore>('config-store');
