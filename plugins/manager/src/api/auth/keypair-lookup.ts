import type { KeypairRecord, KeypairRepository } from '@tessera/core';

/** How long a keypair read from the database answers for its access key. */
export const KEYPAIR_CACHE_MS = 2_000;
/** How often one access key's `last_used` is written at most. */
export const LAST_USED_INTERVAL_MS = 60_000;
/** Access keys remembered at most (least recently used forgotten first). */
const MAX_KEYS = 10_000;

interface Entry {
  keypair: KeypairRecord;
  readAt: number;
  touchedAt: number;
}

/**
 * The keypairs the signature check needs, read from the database at most once per access key every
 * KEYPAIR_CACHE_MS (a client sending many requests at once costs one read, not one per request),
 * and `last_used` written at most once a minute per key instead of on every request. A keypair an
 * administrator deactivates or deletes is refused within KEYPAIR_CACHE_MS on this manager; an
 * unknown access key is not remembered, so one created a moment later works at once.
 */
export class KeypairLookup {
  private readonly entries = new Map<string, Entry>();
  private readonly reads = new Map<string, Promise<KeypairRecord | null>>();

  constructor(
    private readonly keypairs: KeypairRepository,
    private readonly now: () => Date,
  ) {}

  async find(accessKey: string): Promise<KeypairRecord | null> {
    const at = this.now().getTime();
    const entry = this.entries.get(accessKey);
    if (entry && at - entry.readAt < KEYPAIR_CACHE_MS && at >= entry.readAt) {
      this.entries.delete(accessKey);
      this.entries.set(accessKey, entry);
      return entry.keypair;
    }
    // Concurrent requests of one key share one read.
    let read = this.reads.get(accessKey);
    if (!read) {
      read = this.keypairs.findByAccessKey(accessKey).finally(() => this.reads.delete(accessKey));
      this.reads.set(accessKey, read);
    }
    const keypair = await read;
    // An unknown key is asked again next time: it may be created any moment.
    if (keypair) this.remember(accessKey, { keypair, readAt: at, touchedAt: entry?.touchedAt ?? -Infinity });
    return keypair;
  }

  /** Records the key's use, unless it was recorded less than LAST_USED_INTERVAL_MS ago. */
  async touch(accessKey: string): Promise<void> {
    const at = this.now();
    const entry = this.entries.get(accessKey);
    if (entry && at.getTime() - entry.touchedAt < LAST_USED_INTERVAL_MS && at.getTime() >= entry.touchedAt)
      return;
    if (entry) entry.touchedAt = at.getTime();
    await this.keypairs.touchLastUsed(accessKey, at);
  }

  private remember(accessKey: string, entry: Entry): void {
    this.entries.delete(accessKey);
    this.entries.set(accessKey, entry);
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
  }
}
