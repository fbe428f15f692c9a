import { TesseraError } from '@tessera/core';

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Every error the Redis event bus raises, built in one place. */
export const EventBusErrors = {
  unreachable(address: string, cause: unknown): TesseraError {
    return new TesseraError(
      'event-bus-unavailable',
      `the Redis event bus at ${address} does not answer: ${reasonOf(cause)}`,
      { address },
      {},
      { cause },
    );
  },

  publishFailed(event: string, address: string, cause: unknown): TesseraError {
    return new TesseraError(
      'event-bus-unavailable',
      `event ${event} was not published: Redis at ${address} did not accept it (${reasonOf(cause)}); publish it again`,
      { event, address },
      {},
      { cause },
    );
  },

  offlineQueueFull(event: string, address: string, limit: number): TesseraError {
    return new TesseraError(
      'event-bus-unavailable',
      `event ${event} was not published: Redis at ${address} is unreachable and ${limit} publishes already wait for it`,
      { event, address, limit },
    );
  },

  subscribeFailed(event: string, group: string, cause: unknown): TesseraError {
    return new TesseraError(
      'event-bus-unavailable',
      `could not subscribe to ${event} in consumer group ${group}: ${reasonOf(cause)}`,
      { event, group },
      {},
      { cause },
    );
  },

  closed(operation: string): TesseraError {
    return new TesseraError('event-bus-unavailable', `the event bus is closed; cannot ${operation}`);
  },

  notDrained(timeoutMs: number): TesseraError {
    return new TesseraError(
      'event-bus-unavailable',
      `events published on this bus were not all handled within ${timeoutMs} ms`,
      { timeoutMs },
    );
  },

  unknownEvent(name: string): TesseraError {
    return TesseraError.internal(`event ${JSON.stringify(name)} is not in the event catalogue`);
  },
};
