import type { SessionRecord } from '@tessera/core';

/**
 * The pending sessions of the highest priority present: as in Backend.AI, one pass considers
 * only the top band, and lower bands wait until it is empty.
 */
export function topPriorityBand(pending: readonly SessionRecord[]): SessionRecord[] {
  if (pending.length === 0) return [];
  const top = Math.max(...pending.map((session) => session.priority));
  return pending.filter((session) => session.priority === top);
}
