import { randomBytes } from 'node:crypto';
import type { Logger } from '@tessera/core';
import { RedisEventBus, resolveBusOptions, type RedisBusOptions } from '@tessera/event-bus-redis';
import Redis from 'ioredis';
import { RecordingLogger } from '../../../support/recording-logger';
import { busConfig } from '../../../unit/event-bus-redis/support/bus-config';

/** The database the bus uses by default (Backend.AI's stream DB); tests use their own key names in it. */
export const STREAM_DB = 4;

/** A stream and channel name no other test run uses. */
export function uniqueNames(label: string): { stream: string; channel: string } {
  const suffix = `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
  return { stream: `tessera-test-events-${suffix}`, channel: `tessera-test-events-all-${suffix}` };
}

/** Bus options for a test: the config as the kernel fills it in, with short waits so the suite stays fast. */
export function testOptions(url: string, overrides: Partial<RedisBusOptions> = {}): RedisBusOptions {
  return resolveBusOptions(
    busConfig({
      url,
      blockMs: 100,
      claimIdleMs: 1000,
      retryDelayMs: 1,
      ...uniqueNames('bus'),
      ...overrides,
    }),
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

/** How long these suites wait on the bus: a reconnect, a claim or another process can take seconds. */
export const BUS_WAIT_MS = 10_000;

/** A plain client on the bus's database, to look at (or tamper with) the stream directly. */
export async function inspector(url: string, db = STREAM_DB): Promise<Redis> {
  const client = new Redis(url, { db, lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
