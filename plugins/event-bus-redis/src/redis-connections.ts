import Redis, { type RedisOptions } from 'ioredis';
import type { RedisBusOptions } from './bus-options';
import { settleWithin } from './timing';

/**
 * What a connection is for; each gets the ioredis behaviour its work needs:
 * - `commands`: publishes, acknowledgements, claims. Commands issued while Redis is unreachable
 *   wait in ioredis's offline queue and are sent on reconnect; one still waiting after 20
 *   reconnection attempts (about 30 s) fails. A command in flight when the connection dropped is
 *   sent again after reconnecting (it may then be applied twice: at-least-once).
 * - `reader`: blocking XREADGROUP of one consumer group. A read in flight or issued while Redis is
 *   unreachable fails at once, so the consumer loop notices the outage, backs off, and reads its
 *   pending entries before new ones when Redis is back.
 * - `subscriber`: pub/sub; ioredis subscribes again after reconnecting.
 */
export type ConnectionPurpose = 'commands' | 'reader' | 'subscriber';

/** Reconnect after 50 ms, doubling up to 2 s, and never give up. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 2000);
}

const BY_PURPOSE: Record<ConnectionPurpose, (options: RedisBusOptions) => RedisOptions> = {
  commands: () => ({ maxRetriesPerRequest: 20, autoResendUnfulfilledCommands: true }),
  reader: (options) => ({
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // A read that outlives its BLOCK time by this much is on a dead connection.
    blockingTimeout: options.blockMs + 5000,
  }),
  subscriber: () => ({ maxRetriesPerRequest: 0, autoResubscribe: true }),
};

/** A new, not yet connected client (constructors do no I/O: it connects on `connect()` or first use). */
export function createConnection(options: RedisBusOptions, purpose: ConnectionPurpose): Redis {
  return new Redis(options.url, {
    db: options.db,
    ...(options.password !== undefined ? { password: options.password } : {}),
    lazyConnect: true,
    retryStrategy: reconnectDelay,
    connectionName: `tessera-event-bus-${purpose}`,
    ...BY_PURPOSE[purpose](options),
  });
}

/** `host:port` of a client, for messages (never the URL: it may carry a password). */
export function addressOf(connection: Redis): string {
  return `${connection.options.host ?? 'localhost'}:${connection.options.port ?? 6379}`;
}

/** QUIT (after the commands already queued), or drop the socket when Redis does not answer within `timeoutMs`. */
export async function closeConnection(connection: Redis, timeoutMs = 2000): Promise<void> {
  if (connection.status === 'ready') await settleWithin(connection.quit(), timeoutMs);
  connection.disconnect();
}
