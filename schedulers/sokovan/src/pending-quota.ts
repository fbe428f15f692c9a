import {
  ResourceSlot,
  exceededSlots,
  sumSlots,
  type KeypairResourcePolicyRecord,
  type SlotsJSON,
} from '@tessera/core';

/**
 * The keypair policy's limits on what may wait in the queue (`max_pending_session_count`,
 * `max_pending_session_resource_slots`). They are checked twice, as upstream's two generations
 * do: when a session is enqueued (Sokovan refuses it with `quota-exceeded`) and by the scheduler's
 * predicates (which catch sessions that raced in together, or limits lowered since).
 */

/** Why `count` pending sessions (this one included) break the count limit, or null. */
export function pendingCountViolation(
  policy: Pick<KeypairResourcePolicyRecord, 'maxPendingSessionCount'> | null | undefined,
  count: number,
): string | null {
  const limit = policy?.maxPendingSessionCount;
  if (limit == null || limit <= 0 || count <= limit) return null;
  return `You cannot have more than ${limit} pending sessions (this one is number ${count} in your queue)`;
}

/**
 * Why the pending sessions' requested slots (this one included) break the resource limit, or
 * null. Only the slots the policy lists are limited.
 */
export function pendingResourcesViolation(
  policy: Pick<KeypairResourcePolicyRecord, 'maxPendingSessionResourceSlots'> | null | undefined,
  requested: Iterable<SlotsJSON>,
): string | null {
  const limit = policy?.maxPendingSessionResourceSlots;
  if (!limit || Object.keys(limit).length === 0) return null;
  const total = sumSlots(requested);
  const listed = new ResourceSlot(
    Object.keys(limit)
      .filter((slot) => total.has(slot))
      .map((slot) => [slot, total.get(slot)]),
  );
  const exceeded = exceededSlots(listed, limit);
  if (exceeded.length === 0) return null;
  const detail = exceeded
    .map((e) => `${e.slot} ${e.requested.toFixed()} > ${e.available.toFixed()}`)
    .join(', ');
  return `Your pending session quota is exceeded. (${detail})`;
}
