import type { ConfigStore } from '@tessera/core';
import { VfolderErrorCodes, VfolderErrors } from '../vfolder-errors';

/** A storage proxy as it registers itself in the config store (`volumes/proxies/<name>`). */
export interface StorageProxy {
  name: string;
  managerApi: string;
  clientApi: string;
  secret: string;
  volumes: string[];
}

/** A long operation's progress as the proxy streams it. */
export interface StorageProgress {
  bytes: number;
  files: number;
}

const PROXIES_PREFIX = 'volumes/proxies/';
const DEFAULT_HOST_KEY = 'volumes/default_host';
/** Which ownership types are enabled (upstream's etcd `volumes/_types/<type>`). */
const TYPES_PREFIX = 'volumes/_types/';
const AUTH_HEADER = 'X-BackendAI-Storage-Auth-Token';
const CALL_TIMEOUT_MS = 30_000;

/**
 * The storage proxies of the deployment, read from the config store on every call (a proxy that
 * starts or moves is used at once), and the client of their manager-facing API (issue 13's wire
 * protocol): JSON calls, and NDJSON progress streams for long operations. A host is
 * `<proxy>:<volume>`. What a proxy refuses comes back as the feature's `storage-*` errors with the
 * proxy's message and problem type; a proxy missing or unreachable is `storage-unavailable`.
 */
export class StorageProxies {
  constructor(private readonly store: ConfigStore) {}

  async list(): Promise<StorageProxy[]> {
    const entries = await this.store.list(PROXIES_PREFIX);
    const proxies: StorageProxy[] = [];
    for (const [key, value] of entries) {
      const name = key.slice(key.indexOf(PROXIES_PREFIX) + PROXIES_PREFIX.length);
      if (name === '' || name.includes('/')) continue;
      const parsed = parseProxy(name, value);
      if (parsed) proxies.push(parsed);
    }
    return proxies;
  }

  /** Every `<proxy>:<volume>` the proxies serve. */
  async hosts(): Promise<string[]> {
    return (await this.list()).flatMap((proxy) => proxy.volumes.map((volume) => `${proxy.name}:${volume}`));
  }

  /**
   * The ownership types folders may be created with: the keys under `volumes/_types/` (upstream's
   * `volumes/_types/user`, `volumes/_types/group`), or both when the operator set none.
   */
  async allowedTypes(): Promise<Array<'user' | 'group'>> {
    const keys = (await this.store.list(TYPES_PREFIX)).map(([key]) =>
      key.slice(key.indexOf(TYPES_PREFIX) + TYPES_PREFIX.length),
    );
    const types = (['user', 'group'] as const).filter((type) => keys.includes(type));
    return keys.length === 0 ? ['user', 'group'] : types;
  }

  /** `volumes/default_host`, or null when unset. */
  async defaultHost(): Promise<string | null> {
    const value = await this.store.get(DEFAULT_HOST_KEY);
    return value && value.trim() !== '' ? value.trim() : null;
  }

  /** The proxy serving `host` and the volume name; `storage-unavailable` when none does. */
  async resolve(host: string): Promise<{ proxy: StorageProxy; volume: string }> {
    const colon = host.indexOf(':');
    if (colon <= 0) throw VfolderErrors.storageUnavailable(host, 'a host is "<proxy>:<volume>"');
    const [proxyName, volume] = [host.slice(0, colon), host.slice(colon + 1)];
    const proxy = (await this.list()).find((candidate) => candidate.name === proxyName);
    if (!proxy) throw VfolderErrors.storageUnavailable(host, `no storage proxy "${proxyName}" is registered`);
    if (!proxy.volumes.includes(volume))
      throw VfolderErrors.storageUnavailable(host, `proxy "${proxyName}" serves no volume "${volume}"`);
    return { proxy, volume };
  }

  /** One JSON call on the proxy serving `host`; `volume` is added to the body. */
  async call<T = Record<string, unknown>>(
    host: string,
    path: string,
    body: Record<string, unknown>,
  ): Promise<T> {
    const { proxy, volume } = await this.resolve(host);
    const response = await this.send(
      proxy,
      host,
      path,
      { volume, ...body },
      AbortSignal.timeout(CALL_TIMEOUT_MS),
    );
    const text = await response.text();
    if (!response.ok) throw refusal(host, response.status, text);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /**
   * A file's bytes from the proxy serving `host` (`/folder/file/fetch`), as a stream; what the
   * proxy refuses (no such file, a path that is not one) throws as `call` does.
   */
  async fetch(host: string, body: Record<string, unknown>): Promise<ReadableStream<Uint8Array>> {
    const { proxy, volume } = await this.resolve(host);
    const response = await this.send(proxy, host, '/folder/file/fetch', { volume, ...body }, undefined);
    if (!response.ok || !response.body) throw refusal(host, response.status, await response.text());
    return response.body;
  }

  /**
   * A long operation: reads the NDJSON stream, handing each progress line to `onProgress`, until
   * its final line; an `error` line (or a stream that ends without a final line) throws.
   */
  async stream(
    host: string,
    path: string,
    body: Record<string, unknown>,
    onProgress: (progress: StorageProgress) => Promise<void> | void,
    signal?: AbortSignal,
  ): Promise<void> {
    const { proxy, volume } = await this.resolve(host);
    const response = await this.send(proxy, host, path, { volume, ...body }, signal);
    if (!response.ok || !response.body) throw refusal(host, response.status, await response.text());
    let buffered = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line === '') continue;
        const message = JSON.parse(line) as {
          progress?: StorageProgress;
          done?: boolean;
          error?: { type?: string; title?: string; status?: number };
        };
        if (message.progress) await onProgress(message.progress);
        if (message.done) return;
        if (message.error) throw refusal(host, message.error.status ?? 500, JSON.stringify(message.error));
      }
    }
    throw VfolderErrors.storageUnavailable(host, `the progress of ${path} ended without a result`);
  }

  private async send(
    proxy: StorageProxy,
    host: string,
    path: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    try {
      return await fetch(new URL(path, proxy.managerApi), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [AUTH_HEADER]: proxy.secret },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw VfolderErrors.storageUnavailable(host, (error as Error).message);
    }
  }
}

function parseProxy(name: string, value: string): StorageProxy | null {
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    if (typeof parsed['manager_api'] !== 'string' || typeof parsed['client_api'] !== 'string') return null;
    return {
      name,
      managerApi: parsed['manager_api'],
      clientApi: parsed['client_api'],
      secret: typeof parsed['secret'] === 'string' ? parsed['secret'] : '',
      volumes: Array.isArray(parsed['volumes']) ? parsed['volumes'].map(String) : [],
    };
  } catch {
    return null;
  }
}

/** The proxy's problem+json as one of the feature's storage errors. */
function refusal(host: string, status: number, text: string) {
  let problem: { type?: string; title?: string } = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    problem = { title: text.slice(0, 200) };
  }
  const message = problem.title ?? `the storage proxy answered ${status}`;
  const details = { host, storage_type: problem.type ?? null, storage_status: status };
  // An existing file in the way is a bad request for the folder API (api-spec §3.7: mkdir answers 400).
  if (status === 400 || (problem.type ?? '').endsWith('/file-exists'))
    return VfolderErrorCodes.error('storage-bad-request', message, details);
  if (status === 404) return VfolderErrorCodes.error('storage-not-found', message, details);
  if (status === 409) return VfolderErrorCodes.error('storage-conflict', message, details);
  if (status === 413) return VfolderErrorCodes.error('storage-quota-exceeded', message, details);
  return VfolderErrors.storageUnavailable(host, `${status} ${message}`);
}
