import type { SelectionScope } from '@tessera/core';
import { FRESH_CURSOR, type CursorStore, type RoundRobinCursor } from './round-robin-cursor';

/** Cursors in this process only (a deployment without a config store); lost on restart. */
export class MemoryCursorStore implements CursorStore {
  private readonly cursors = new Map<string, RoundRobinCursor>();

  async load(scope: SelectionScope): Promise<RoundRobinCursor> {
    return this.cursors.get(scopeKey(scope)) ?? FRESH_CURSOR;
  }

  async save(scope: SelectionScope, cursor: RoundRobinCursor): Promise<void> {
    this.cursors.set(scopeKey(scope), { lastAgentId: cursor.lastAgentId });
  }
}

function scopeKey(scope: SelectionScope): string {
  return JSON.stringify([scope.resourceGroup, scope.architecture]);
}
