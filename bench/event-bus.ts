/**
 * Event bus benchmark (issue: state on real engines). Prints one JSON object with, for the
 * embedded bus and for the Redis bus on the halfstack Redis, and their ratios:
 * - throughput: `--events` anycast events (default 20,000, at most 200,000) published with
 *   `--window` publishes in flight (default 64), until the handler has seen the last one;
 * - latency: publish-to-handle time of `--latency-events` events (default 2,000) sent one at a
 *   time (the next is published once the previous was handled), p50 and p99.
 * One consumer group with one no-op handler; a 1,000-event warm-up first. Usage:
 *   npm run bench:event-bus [-- --events N --window W --latency-events M]
 * Redis: TESSERA_HALFSTACK_REDIS_URL, else redis://127.0.0.1:8110 (scripts/halfstack up).
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { createLogger, type EventBus } from '@tessera/core';
import { EmbeddedEventBus } from '@tessera/event-bus-embedded';
import { RedisEventBus, resolveBusOptions } from '@tessera/event-bus-redis';
import Redis from 'ioredis';
import { quantile } from './quantile';
import { runBenchmark } from './run-benchmark';

function option(name: string, fallback: number, max: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

const EVENTS = option('events', 20_000, 200_000);
const WINDOW = option('window', 64, 10_000);
const LATENCY_EVENTS = option('latency-events', 2_000, 50_000);
const WARM_UP = 1_000;
const REDIS_URL = process.env.TESSERA_HALFSTACK_REDIS_URL ?? 'redis://127.0.0.1:8110';
const silent = createLogger({ level: 'silent' });

interface Figures {
  throughput: { events: number; seconds: number; eventsPerSecond: number };
  latencyMs: { events: number; p50: number; p99: number; max: number };
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Publishes `count` events, `window` at a time, into a fresh consumer group; resolves with the
 * elapsed seconds and each event's publish-to-handle time once the handler has seen them all.
 */
async function run(bus: EventBus, count: number, window: number, group: string) {
  const sentAt = new Float64Array(count);
  const latencies: number[] = [];
  let handled = 0;
  let wake: () => void = () => undefined;
  const subscription = await bus.subscribe('do_schedule', group, (event) => {
    latencies.push(performance.now() - sentAt[Number(event.payload.resourceGroup)]!);
    handled++;
    wake();
  });
  const handledAtLeast = (target: number) =>
    new Promise<void>((resolve) => {
      wake = () => handled >= target && resolve();
      wake();
    });
  const started = performance.now();
  let next = 0;
  const publisher = async () => {
    while (next < count) {
      const index = next++;
      sentAt[index] = performance.now();
      await bus.publish('do_schedule', { resourceGroup: String(index) }, 'bench');
      if (window === 1) await handledAtLeast(index + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, count) }, publisher));
  await handledAtLeast(count);
  const seconds = (performance.now() - started) / 1000;
  await subscription.unsubscribe();
  return { seconds, latencies: latencies.sort((a, b) => a - b) };
}

async function measure(bus: EventBus): Promise<Figures> {
  await run(bus, WARM_UP, WINDOW, 'bench-warm-up');
  const flood = await run(bus, EVENTS, WINDOW, 'bench-throughput');
  const single = await run(bus, LATENCY_EVENTS, 1, 'bench-latency');
  return {
    throughput: {
      events: EVENTS,
      seconds: round(flood.seconds),
      eventsPerSecond: Math.round(EVENTS / flood.seconds),
    },
    latencyMs: {
      events: LATENCY_EVENTS,
      p50: round(quantile(single.latencies, 0.5)),
      p99: round(quantile(single.latencies, 0.99)),
      max: round(single.latencies.at(-1)!),
    },
  };
}

async function main(): Promise<void> {
  const embedded = new EmbeddedEventBus({ maxRetries: 3, retryDelayMs: 200 }, silent);
  const embeddedFigures = await measure(embedded);
  await embedded.close();

  const suffix = randomBytes(4).toString('hex');
  // The plugin's schema defaults, spelled out (the kernel fills them in for a deployment).
  const options = resolveBusOptions(
    {
      url: REDIS_URL,
      db: 4,
      stream: `tessera-bench-events-${suffix}`,
      channel: `tessera-bench-events-all-${suffix}`,
      blockMs: 2000,
      batchSize: 16,
      claimIdleMs: 60_000,
      maxRetries: 3,
      retryDelayMs: 200,
      maxLength: 128,
      offlineQueueLimit: 1000,
    },
    'bench',
  );
  const redis = new RedisEventBus(options, silent);
  await redis.connect();
  let redisFigures: Figures;
  try {
    redisFigures = await measure(redis);
  } finally {
    await redis.close();
    const cleanup = new Redis(REDIS_URL, { db: options.db });
    await cleanup.del(options.stream);
    cleanup.disconnect();
  }

  const report = {
    benchmark: 'event-bus',
    machine: { cpus: cpus().length, node: process.version },
    method: {
      throughput: `${EVENTS} anycast do_schedule events, ${WINDOW} publishes in flight, until the last is handled`,
      latency: `${LATENCY_EVENTS} events one at a time; handler start minus publish call`,
      consumer: 'one consumer group, one no-op handler, after a 1,000-event warm-up',
    },
    embedded: embeddedFigures,
    redis: { ...redisFigures, server: REDIS_URL, db: options.db, batchSize: options.batchSize },
    ratio: {
      throughputEmbeddedOverRedis: round(
        embeddedFigures.throughput.eventsPerSecond / redisFigures.throughput.eventsPerSecond,
        1,
      ),
      p99RedisOverEmbedded: round(
        redisFigures.latencyMs.p99 / Math.max(embeddedFigures.latencyMs.p99, 0.001),
        1,
      ),
    },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

runBenchmark('event-bus', main);
