import type { EventEnvelope, Logger } from '@tessera/core';
import { sleep } from './timing';
import type { AnyHandler } from './handler-table';

export interface RetryPolicy {
  maxRetries: number;
  retryDelayMs: number;
}

/** `handled`: the handler resolved. `dropped`: it failed on every attempt. `interrupted`: stopped between attempts. */
export type HandlingOutcome = 'handled' | 'dropped' | 'interrupted';

/**
 * Runs a handler until it resolves, at most `maxRetries + 1` attempts in all, `attemptsSpent` of
 * which were already used by earlier deliveries of the same entry. Waits `retryDelayMs` before
 * each retry; a stop (`signal`) during that wait ends it with `interrupted`, leaving the entry to
 * be delivered again.
 */
export async function runWithRetries(
  handler: AnyHandler,
  event: EventEnvelope,
  context: { group: string; id: string; attemptsSpent: number; policy: RetryPolicy; signal: AbortSignal },
  log: Logger,
): Promise<HandlingOutcome> {
  const { group, id, policy, signal } = context;
  for (let attempt = context.attemptsSpent; ; attempt++) {
    try {
      await handler(event);
      return 'handled';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt >= policy.maxRetries) {
        log.error('event handler failed; event dropped', {
          event: event.name,
          group,
          id,
          attempts: attempt + 1,
          error: reason,
        });
        return 'dropped';
      }
      log.warn('event handler failed; redelivering', { event: event.name, group, id, attempt: attempt + 1 });
      await sleep(policy.retryDelayMs, signal);
      if (signal.aborted) return 'interrupted';
    }
  }
}
