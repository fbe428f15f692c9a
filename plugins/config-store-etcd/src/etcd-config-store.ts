import { Etcd3, Range, type IEvent, type Namespace } from 'etcd3';
import {
  TesseraError,
  type ConfigStore,
  type ConfigWatchEvent,
  type EphemeralKey,
  type Logger,
} from '@tessera/core';
import { etcdClientOptions, type EtcdConnectionSettings } from './etcd-connection-options';
import { decodeKey, encodeKey, namespaceRoot } from './etcd-key-path';
import { LeasedKey } from './leased-key';
import { ResumablePrefixWatch } from './resumable-prefix-watch';
import { WatchHealth } from './watch-health';

type Listener = (event: ConfigWatchEvent) => void;

/**
 * config-store/v1 on etcd. Keys live under `/sorna/<namespace>/` with percent-encoded segments
 * (see etcd-key-path.ts), so Backend.AI's own tools and `etcdctl` see the same layout. The
 * constructor does no I/O: `connect` opens the client and checks that etcd answers, `close`
 * revokes leased keys, cancels watches and closes the client.
 */
export class EtcdConfigStore implements ConfigStore {
  private client: Etcd3 | undefined;
  private root: Namespace | undefined;
  private readonly watches = new Set<ResumablePrefixWatch>();
  private readonly leasedKeys = new Set<LeasedKey>();

  constructor(
    private readonly settings: EtcdConnectionSettings,
    private readonly log: Logger,
    private readonly health: WatchHealth = new WatchHealth(log, () => undefined),
  ) {}

  /** Opens the client and reads one key, so an unreachable etcd fails here with one clear line. */
  async connect(): Promise<void> {
    const client = new Etcd3(etcdClientOptions(this.settings));
    const root = client.namespace(namespaceRoot(this.settings.namespace));
    try {
      await root.get('').exists();
    } catch (error) {
      client.close();
      throw this.unavailable('connect', error);
    }
    this.client = client;
    this.root = root;
  }

  async get(key: string): Promise<string | null> {
    return this.call('get', () => this.namespace().get(encodeKey(key)).string());
  }

  async put(key: string, value: string): Promise<void> {
    await this.call('put', () => this.namespace().put(encodeKey(key)).value(value).exec());
  }

  async delete(key: string): Promise<void> {
    await this.call('delete', () => this.namespace().delete().key(encodeKey(key)).exec());
  }

  async list(prefix: string): Promise<Array<[string, string]>> {
    const response = await this.call('list', () => this.namespace().getAll().inRange(rangeOf(prefix)).exec());
    return response.kvs
      .map((kv): [string, string] => [decodeKey(kv.key.toString()), kv.value.toString()])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const response = await this.call('deletePrefix', () =>
      this.namespace().delete().inRange(rangeOf(prefix)).exec(),
    );
    return Number(response.deleted);
  }

  async watchPrefix(prefix: string, listener: Listener): Promise<() => Promise<void>> {
    const namespace = this.namespace();
    const deliver = (event: IEvent) => {
      try {
        listener(toWatchEvent(event));
      } catch (error) {
        this.log.error('config watch listener failed', { prefix, error: (error as Error).message });
      }
    };
    const open = () =>
      ResumablePrefixWatch.open(namespace, rangeOf(prefix), observer, this.settings.requestTimeoutMs);
    // etcd ends a watch for good only when it cannot resume it (history compacted) or refuses it:
    // say what may have been missed, and watch again from now.
    const reopen = async (reason: Error) => {
      this.watches.delete(watch);
      this.health.forget(watch);
      this.log.error('config watch ended by etcd; watching again, changes may have been missed', {
        prefix,
        missedAfterRevision: watch.deliveredRevision.toString(),
        error: reason.message,
      });
      try {
        watch = await open();
        if (stopped) await watch.cancel();
        else this.watches.add(watch);
      } catch (error) {
        this.health.failed(prefix, error as Error);
      }
    };
    const observer = {
      change: deliver,
      disconnected: (reason: Error) => this.health.disconnected(watch, prefix, reason),
      reconnected: () => this.health.reconnected(watch, prefix),
      failed: (reason: Error) => void reopen(reason),
    };
    let stopped = false;
    let watch = await this.call('watchPrefix', open);
    this.watches.add(watch);
    return async () => {
      stopped = true;
      this.watches.delete(watch);
      this.health.forget(watch);
      await this.bounded(watch.cancel());
    };
  }

  async putEphemeral(key: string, value: string, ttlMs: number): Promise<EphemeralKey> {
    const leased = await this.call('putEphemeral', () =>
      LeasedKey.put(this.namespace(), key, encodeKey(key), value, ttlMs, (ended) =>
        this.leasedKeys.delete(ended),
      ),
    );
    leased.lost.addEventListener('abort', () =>
      this.log.warn('ephemeral config key lost its lease', { key, reason: String(leased.lost.reason) }),
    );
    this.leasedKeys.add(leased);
    return leased;
  }

  /** Revokes leased keys (they name this process in service discovery), cancels watches, closes. */
  async close(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await Promise.allSettled([...this.leasedKeys].map((leased) => this.bounded(leased.revoke())));
    await Promise.allSettled([...this.watches].map((watch) => this.bounded(watch.cancel())));
    this.watches.clear();
    this.client = undefined;
    this.root = undefined;
    client.close();
  }

  private namespace(): Namespace {
    if (!this.root)
      throw TesseraError.internal('the etcd config store was used before connect or after close');
    return this.root;
  }

  private async call<T>(operation: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw this.unavailable(operation, error);
    }
  }

  private unavailable(operation: string, cause: unknown): TesseraError {
    const endpoints = this.settings.endpoints.join(', ');
    const reason = firstLine(cause);
    return new TesseraError(
      'config-store-unavailable',
      `etcd at ${endpoints} did not answer (${operation}): ${reason}`,
      { endpoints: this.settings.endpoints, operation },
      {},
      { cause },
    );
  }

  /** Waits for a clean-up step at most one dial timeout: a hung etcd must not hang the stop. */
  private bounded(step: Promise<void>): Promise<void> {
    return Promise.race([
      step,
      new Promise<void>((resolve) => setTimeout(resolve, this.settings.requestTimeoutMs).unref()),
    ]);
  }
}

/** The etcd range of a logical prefix; the empty prefix covers the whole namespace, its root key too. */
function rangeOf(prefix: string): Range {
  return prefix === '' ? new Range(Buffer.alloc(0), Buffer.from([0])) : Range.prefix(encodeKey(prefix));
}

function toWatchEvent(event: IEvent): ConfigWatchEvent {
  const key = decodeKey(event.kv.key.toString());
  return event.type === 'Put'
    ? { type: 'put', key, value: event.kv.value.toString() }
    : { type: 'delete', key, value: null };
}

/** The first line of an error's message, without gRPC's trailing "Resolution note". */
function firstLine(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return message
    .split('\n')[0]
    .replace(/\.?\s*Resolution note:.*$/, '')
    .trim();
}
