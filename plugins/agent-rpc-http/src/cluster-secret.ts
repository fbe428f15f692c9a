import { randomBytes } from 'node:crypto';
import {
  TesseraError,
  type ConfigStore,
  type ConfigWatchEvent,
  type LockService,
  type Logger,
} from '@tessera/core';
import { SigningSecret } from './signing-secret';

export const MIN_SECRET_LENGTH = 32;
/** How long a process waits for another one that is creating the secret under the lock. */
const CREATE_LOCK_TIMEOUT_MS = 30_000;

export interface ClusterSecretOptions {
  /** The secret from the plugin config; when set, the config store is not read. */
  configured?: string;
  /** The config store key of the shared secret. */
  key: string;
  /** How long the previous secret is still accepted after a change. */
  graceMs: number;
  store?: ConfigStore;
  locks?: LockService;
  log: Logger;
}

/** A fresh cluster secret: 32 random bytes, hex. */
export function generateSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Where this process's agent RPC secret comes from: the plugin config when it sets `secret`,
 * else the config store key (`agent-rpc/secret`), created by the first process that finds it
 * absent. The config store contract has no create-if-absent, so creation runs under the lock
 * service's lock of the same name when the deployment has one (then exactly one process
 * generates), and otherwise as put-then-read-back; either way the key is watched, so every
 * process ends up signing with the value the store holds last (the replaced one stays accepted
 * for the grace period).
 */
export class ClusterSecret {
  private unwatch: (() => Promise<void>) | undefined;

  private constructor(
    readonly signing: SigningSecret,
    readonly source: 'config' | 'config-store',
  ) {}

  static async open(options: ClusterSecretOptions): Promise<ClusterSecret> {
    const { configured, key, store, log } = options;
    if (configured !== undefined) {
      return new ClusterSecret(new SigningSecret(configured, options.graceMs), 'config');
    }
    if (!store) {
      throw new TesseraError(
        'config-invalid',
        `agent-rpc-http needs a cluster secret: set its config key "secret" (the same on every manager and agent), or add a config store plugin so the secret is shared through the store key ${key}`,
        { key },
      );
    }
    let secret: ClusterSecret | undefined;
    let changedMeanwhile = false;
    const unwatch = await store.watchPrefix(key, (event) => {
      if (event.key !== key) return;
      if (secret) secret.adopt(event, key, log);
      else changedMeanwhile = true;
    });
    try {
      const value = await readOrCreate(options, store);
      secret = new ClusterSecret(new SigningSecret(value, options.graceMs), 'config-store');
      secret.unwatch = unwatch;
      if (changedMeanwhile) {
        // Another process wrote the key while this one was reading it: take what is there now.
        const now = await store.get(key);
        if (now !== null && now.length >= MIN_SECRET_LENGTH) secret.signing.replace(now);
      }
      return secret;
    } catch (error) {
      await unwatch();
      throw error;
    }
  }

  /**
   * Signs with `value` from now on (the plugin config's `secret` was set or changed at run time);
   * the config store key is no longer followed.
   */
  async useConfigured(value: string): Promise<boolean> {
    await this.close();
    return this.signing.replace(value);
  }

  async close(): Promise<void> {
    const unwatch = this.unwatch;
    this.unwatch = undefined;
    await unwatch?.();
  }

  private adopt(event: ConfigWatchEvent, key: string, log: Logger): void {
    if (event.type === 'delete' || event.value === null) {
      log.warn(
        'the agent RPC secret was deleted from the config store; this process keeps its secret, and adopts the next one stored',
        { key },
      );
      return;
    }
    if (event.value.length < MIN_SECRET_LENGTH) {
      log.error('ignoring an agent RPC secret shorter than 32 characters written to the config store', {
        key,
      });
      return;
    }
    if (this.signing.replace(event.value)) {
      log.info('the agent RPC secret changed in the config store; signing with the new one', { key });
    }
  }
}

async function readOrCreate(options: ClusterSecretOptions, store: ConfigStore): Promise<string> {
  const { key, locks, log } = options;
  const existing = await store.get(key);
  if (existing !== null) return checked(existing, key);
  if (locks) {
    const held = await locks.acquire(key, { timeoutMs: CREATE_LOCK_TIMEOUT_MS });
    if (held) {
      try {
        const again = await store.get(key);
        if (again !== null) return checked(again, key);
        const fresh = generateSecret();
        await store.put(key, fresh);
        log.info('generated the cluster agent RPC secret and stored it in the config store', { key });
        return fresh;
      } finally {
        await held.release();
      }
    }
    log.warn('could not take the lock to create the agent RPC secret; creating it without the lock', {
      key,
      timeoutMs: CREATE_LOCK_TIMEOUT_MS,
    });
  }
  // No create-if-absent without a lock: put, then read back whatever the store kept (another
  // process may have put its own meanwhile; the watch settles any later overwrite).
  await store.put(key, generateSecret());
  const stored = await store.get(key);
  if (stored === null) {
    throw new TesseraError(
      'config-store-unavailable',
      `the agent RPC secret stored at ${key} read back as absent`,
      {
        key,
      },
    );
  }
  log.info('generated the cluster agent RPC secret and stored it in the config store', { key });
  return checked(stored, key);
}

function checked(value: string, key: string): string {
  if (value.length < MIN_SECRET_LENGTH) {
    throw new TesseraError(
      'config-invalid',
      `the agent RPC secret in the config store at ${key} is shorter than ${MIN_SECRET_LENGTH} characters; store a longer one, or delete the key so that a random one is generated`,
      { key },
    );
  }
  return value;
}
