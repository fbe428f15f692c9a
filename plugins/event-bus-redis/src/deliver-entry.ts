import type { Logger } from '@tessera/core';
import { runWithRetries, type RetryPolicy } from './handler-retries';
import type { HandlerTable } from './handler-table';
import type { StreamEntry } from './redis-replies';
import { decodeEntry } from './stream-entry';

export interface DeliveryContext {
  stream: string;
  group: string;
  handlers: HandlerTable;
  policy: RetryPolicy;
  /** Aborted when the consumer stops between two entries. */
  signal: AbortSignal;
  log: Logger;
}

/** `acknowledge`: done with the entry (handled, dropped, unusable). `leave-pending`: stopped before it was. */
export type DeliveryOutcome = 'acknowledge' | 'leave-pending';

/**
 * Hands one entry of a consumer group to a local handler of that group, with retries. `deliveries`
 * is how many times Redis has delivered the entry, this time included: deliveries beyond the first
 * (a consumer died, a connection dropped) count against `maxRetries` like failed attempts, so an
 * event that kills every consumer that takes it is dropped rather than looping forever.
 */
export async function deliverEntry(
  entry: StreamEntry,
  deliveries: number,
  context: DeliveryContext,
): Promise<DeliveryOutcome> {
  const { stream, group, handlers, policy, signal, log } = context;
  const fields = { stream, group, id: entry.id };
  if (entry.fields === null) {
    log.error('pending event was deleted from the stream before it was handled; it is lost', fields);
    return 'acknowledge';
  }
  const decoded = decodeEntry(entry.fields);
  if (!decoded.ok) {
    log.error('malformed event entry dropped', { ...fields, reason: decoded.reason });
    return 'acknowledge';
  }
  const { event } = decoded;
  const attemptsSpent = decoded.retryCount + deliveries - 1;
  if (attemptsSpent > policy.maxRetries) {
    log.error('event delivered too many times without being acknowledged; dropped', {
      ...fields,
      event: event.name,
      deliveries,
      retryCount: decoded.retryCount,
    });
    return 'acknowledge';
  }
  const handler = handlers.pick(group, event.name);
  if (!handler) {
    log.debug('no handler for the event in this consumer group; acknowledged', {
      ...fields,
      event: event.name,
    });
    return 'acknowledge';
  }
  const outcome = await runWithRetries(
    handler,
    event,
    { group, id: entry.id, attemptsSpent, policy, signal },
    log,
  );
  return outcome === 'interrupted' ? 'leave-pending' : 'acknowledge';
}
