import type { SelectionScope } from '@tessera/core';

/** Where the rotation stands in one scope: the agent chosen last, or null before the first pick. */
export interface RoundRobinCursor {
  lastAgentId: string | null;
}

export const FRESH_CURSOR: RoundRobinCursor = Object.freeze({ lastAgentId: null });

/** Where cursors are kept between passes. */
export interface CursorStore {
  load(scope: SelectionScope): Promise<RoundRobinCursor>;
  save(scope: SelectionScope, cursor: RoundRobinCursor): Promise<void>;
}

/** Reads a stored cursor; anything else than `{"lastAgentId": string | null}` is undefined. */
export function parseCursor(text: string): RoundRobinCursor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const last = (value as Record<string, unknown>)['lastAgentId'];
  if (last !== null && typeof last !== 'string') return undefined;
  return { lastAgentId: last };
}
