import type { ConfigStore, Logger, SelectionScope } from '@tessera/core';
import { FRESH_CURSOR, parseCursor, type CursorStore, type RoundRobinCursor } from './round-robin-cursor';

/**
 * Cursors in the shared config store, so every manager replica continues the same rotation:
 * `<prefix>/<resource group>/<architecture>` holds `{"lastAgentId": ...}` (segments
 * URI-encoded). The scheduling loop reads and writes them under the group's schedule lock.
 */
export class ConfigStoreCursorStore implements CursorStore {
  constructor(
    private readonly store: ConfigStore,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  keyOf(scope: SelectionScope): string {
    return [
      this.prefix,
      encodeURIComponent(scope.resourceGroup),
      encodeURIComponent(scope.architecture),
    ].join('/');
  }

  async load(scope: SelectionScope): Promise<RoundRobinCursor> {
    const key = this.keyOf(scope);
    const text = await this.store.get(key);
    if (text === null) return FRESH_CURSOR;
    const cursor = parseCursor(text);
    if (cursor) return cursor;
    this.log.warn('round-robin cursor unreadable; rotation starts over', { key });
    return FRESH_CURSOR;
  }

  async save(scope: SelectionScope, cursor: RoundRobinCursor): Promise<void> {
    await this.store.put(this.keyOf(scope), JSON.stringify({ lastAgentId: cursor.lastAgentId }));
  }
}
