import { randomBytes } from 'node:crypto';
import type { Logger } from '@tessera/core';
import { RedisEventBus, resolveBusOptions, type RedisBusOptions } from '@tessera/event-bus-redis';
import Redis from 'ioredis';
import { RecordingLogger } from '../../../support/recording-logger';

/** The database the bus uses by default (Backend.AI's stream DB); tests use their own key names in it. */
export const STREAM_DB = 4;

/** A stream and channel name no other test run uses. */
export function uniqueNames(label: string): { stream: string; channel: string } {
  const suffix = `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
  return { stream: `tessera-test-events-${suffix}`, channel: `tessera-test-events-all-${suffix}` };
}

/** Bus options for a test: short waits so the suite stays fast. */
export function testOptions(url: string, overrides: Partial<RedisBusOptions> = {}): RedisBusOptions {
  return resolveBusOptions(
    { url, blockMs: 100, claimIdleMs: 1000, retryDelayMs: 1, ...uniqueNames('bus'), ...overrides },
    'test-node',
  );
}

/** A connected bus (and its recorded log). */
export async function openBus(
  url: string,
  overrides: Partial<RedisBusOptions> = {},
  log: Logger = new RecordingLogger(),
): Promise<RedisEventBus> {
  const bus = new RedisEventBus(testOptions(url, overrides), log);
  await bus.connect();
  return bus;
}

/** A plain client on the bus's database, to look at (or tamper with) the stream directly. */
export async function inspector(url: string, db = STREAM_DB): Promise<Redis> {
  const client = new Redis(url, { db, lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Polls `condition` every 10 ms until it holds; fails the test with `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
