import type { SessionRecord } from '@tessera/core';

/**
 * Pending sessions grouped by priority, highest band first; each band keeps the input order
 * (oldest first), which the policy then orders within the band.
 */
export function priorityBands(pending: readonly SessionRecord[]): SessionRecord[][] {
  const bands = new Map<number, SessionRecord[]>();
  for (const session of pending) {
    const band = bands.get(session.priority) ?? [];
    band.push(session);
    bands.set(session.priority, band);
  }
  return [...bands.entries()].sort(([a], [b]) => b - a).map(([, band]) => band);
}
