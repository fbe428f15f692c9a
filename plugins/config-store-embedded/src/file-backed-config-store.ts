import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { TesseraError, type ConfigStore, type ConfigWatchEvent, type EphemeralKey } from '@tessera/core';

type Listener = (event: ConfigWatchEvent) => void;

/**
 * The embedded config store: keys in a sorted in-memory map, written through to a JSON file
 * (atomically: write a temporary file, then rename) so they survive restarts, with watches by key
 * prefix. Same contract as the etcd store.
 */
export class FileBackedConfigStore implements ConfigStore {
  private readonly values = new Map<string, string>();
  private readonly watchers = new Set<{ prefix: string; listener: Listener }>();
  /** Ephemeral keys and the token of the `putEphemeral` that owns each; never written to the file. */
  private readonly ephemeral = new Map<string, symbol>();

  constructor(private readonly file: string | null) {}

  /** Reads the file if it exists; a corrupt file is an error naming it (never silently emptied). */
  load(initial: Record<string, string>): void {
    if (this.file && existsSync(this.file)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(this.file, 'utf8'));
      } catch (error) {
        throw new TesseraError(
          'config-invalid',
          `config store file ${this.file} is not valid JSON: ${(error as Error).message}`,
          { file: this.file },
        );
      }
      for (const [key, value] of Object.entries(parsed as Record<string, unknown>))
        this.values.set(key, String(value));
    }
    let changed = false;
    for (const [key, value] of Object.entries(initial)) {
      if (!this.values.has(key)) {
        this.values.set(key, value);
        changed = true;
      }
    }
    if (changed) this.persist();
  }

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async put(key: string, value: string): Promise<void> {
    this.ephemeral.delete(key);
    this.values.set(key, value);
    this.persist();
    this.emit({ type: 'put', key, value });
  }

  async delete(key: string): Promise<void> {
    this.ephemeral.delete(key);
    if (!this.values.delete(key)) return;
    this.persist();
    this.emit({ type: 'delete', key, value: null });
  }

  async list(prefix: string): Promise<Array<[string, string]>> {
    return [...this.values.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = [...this.values.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) {
      this.values.delete(key);
      this.ephemeral.delete(key);
    }
    if (keys.length > 0) this.persist();
    for (const key of keys) this.emit({ type: 'delete', key, value: null });
    return keys.length;
  }

  async watchPrefix(prefix: string, listener: Listener): Promise<() => Promise<void>> {
    const watcher = { prefix, listener };
    this.watchers.add(watcher);
    return async () => {
      this.watchers.delete(watcher);
    };
  }

  /**
   * In one process the holder is healthy as long as the process runs, so the lease never lapses
   * on its own: the key lives until revoked, overwritten or deleted, and is not persisted (a
   * restart is the holder's death).
   */
  async putEphemeral(key: string, value: string, _ttlMs: number): Promise<EphemeralKey> {
    const token = Symbol(key);
    this.ephemeral.set(key, token);
    this.values.set(key, value);
    this.persist();
    this.emit({ type: 'put', key, value });
    return {
      lost: new AbortController().signal,
      revoke: async () => {
        if (this.ephemeral.get(key) === token) await this.delete(key);
      },
    };
  }

  private emit(event: ConfigWatchEvent): void {
    for (const { prefix, listener } of this.watchers) {
      if (event.key.startsWith(prefix)) queueMicrotask(() => listener(event));
    }
  }

  private persist(): void {
    if (!this.file) return;
    const temporary = `${this.file}.tmp`;
    const durable = [...this.values].filter(([key]) => !this.ephemeral.has(key)).sort();
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(durable), null, 2));
    renameSync(temporary, this.file);
  }
}
