import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import type { RedisEventBus } from '@tessera/event-bus-redis';
import { PrivateRedis } from './support/private-redis';
import { RecordingLogger } from '../../support/recording-logger';
import { eventually } from '../../support/eventually';
import { BUS_WAIT_MS, inspector, openBus, uniqueNames } from './support/test-bus';

const LANES = 4;
const PER_LANE = 400;
/** A publish that took this long waited out an outage. */
const WAITED_MS = 250;
/** Paces the lanes and spaces a failed publish from its retry (not a wait for an outcome). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Destructive: these tests stop and start a redis-server of their own (random loopback port, own
 * folder, AOF on), never the shared halfstack Redis.
 */
describe('event-bus-redis: Redis restarted under load (private redis-server)', function () {
  this.timeout(60_000);
  let server: PrivateRedis;
  const buses: RedisEventBus[] = [];

  before(async () => (server = await PrivateRedis.start()));
  afterEach(async () => {
    await server.ensureRunning();
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });
  after(async () => server?.destroy());

  it('loses no anycast event whose publish resolved, across a SIGTERM and a SHUTDOWN of Redis', async () => {
    const names = uniqueNames('restart');
    const log = new RecordingLogger();
    const consumer = await openBus(server.url, { ...names, consumer: 'consumer', claimIdleMs: 2000 }, log);
    // No trimming here (trimming has its own test): the stream must still show every entry at the end.
    const publisher = await openBus(server.url, { ...names, consumer: 'publisher', maxLength: 1_000_000 });
    buses.push(consumer, publisher);

    const timesHandled = new Map<string, number>();
    const firstSeen: string[] = [];
    await consumer.subscribe('do_schedule', 'manager', async (event) => {
      const id = event.payload.resourceGroup!;
      if (!timesHandled.has(id)) firstSeen.push(id);
      timesHandled.set(id, (timesHandled.get(id) ?? 0) + 1);
      await new Promise((resolve) => setImmediate(resolve));
    });

    // Each lane publishes in order, one at a time, and publishes again whatever failed.
    const resolved = new Set<string>();
    let failedPublishes = 0;
    let publishesThatWaited = 0;
    /** When each lane's publish in flight began; undefined between publishes and once the lane is done. */
    const publishingSince: Array<number | undefined> = [];
    const lanesDone = new Set<number>();
    const lane = async (laneIndex: number) => {
      for (let i = 0; i < PER_LANE; i++) {
        const id = `${laneIndex}:${i}`;
        for (;;) {
          const started = Date.now();
          publishingSince[laneIndex] = started;
          const published = await publisher.publish('do_schedule', { resourceGroup: id }, 'test').then(
            () => true,
            () => false,
          );
          publishingSince[laneIndex] = undefined;
          if (published) {
            if (Date.now() - started >= WAITED_MS) publishesThatWaited++;
            resolved.add(id);
            break;
          }
          failedPublishes++;
          await pause(50);
        }
        await pause(2);
      }
      lanesDone.add(laneIndex);
    };
    const publishing = Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)));
    /** Redis stays down until every lane still publishing has a publish held up by the outage. */
    const outageFeltByEveryLane = () =>
      eventually(
        () =>
          Array.from({ length: LANES }, (_, index) => index).every((index) => {
            const since = publishingSince[index];
            return lanesDone.has(index) || (since !== undefined && Date.now() - since >= WAITED_MS);
          }),
        `every publishing lane to wait ${WAITED_MS} ms on the outage`,
        BUS_WAIT_MS,
      );

    await eventually(
      () => timesHandled.size >= 150,
      'a first share of the events to be handled',
      BUS_WAIT_MS,
    );
    await server.terminate();
    await outageFeltByEveryLane();
    await server.launch();
    await eventually(
      () => timesHandled.size >= 700,
      'more events to be handled after the first restart',
      20_000,
    );
    await server.shutdown();
    await outageFeltByEveryLane();
    await server.launch();
    await publishing;
    await eventually(
      () => [...resolved].every((id) => timesHandled.has(id)),
      'every event whose publish resolved to be handled',
      20_000,
    );

    expect(resolved.size).to.equal(LANES * PER_LANE);
    const duplicates = [...timesHandled.values()].reduce((sum, times) => sum + times - 1, 0);
    console.log(
      `      restart under load: ${resolved.size} published, ${timesHandled.size} handled, ` +
        `${duplicates} handled twice, ${failedPublishes} publishes failed and were repeated, ` +
        `${publishesThatWaited} publishes waited out an outage`,
    );
    expect(publishesThatWaited, 'lanes were publishing while Redis was down').to.be.at.least(LANES);
    // At least once: a publish in flight when Redis stopped may have been applied and is then sent
    // again by ioredis after reconnecting, so its event is in the stream twice. With one publish in
    // flight per lane, two restarts allow at most 2 x LANES such duplicates.
    expect(duplicates).to.be.at.most(2 * LANES);
    // The consumer side adds none: each stream entry was handled exactly once (pending entries and
    // acknowledgements survive the restart in the AOF).
    const inspect = await inspector(server.url);
    const entriesPerEvent = new Map<string, number>();
    for (const [, fields] of await inspect.xrange(names.stream, '-', '+')) {
      const id = (JSON.parse(fields[fields.indexOf('payload') + 1]!) as { resourceGroup: string })
        .resourceGroup;
      entriesPerEvent.set(id, (entriesPerEvent.get(id) ?? 0) + 1);
    }
    inspect.disconnect();
    expect(Object.fromEntries(timesHandled)).to.deep.equal(Object.fromEntries(entriesPerEvent));
    expect(timesHandled.size).to.equal(LANES * PER_LANE, 'nothing handled that was not published');
    for (let laneIndex = 0; laneIndex < LANES; laneIndex++) {
      const sequence = firstSeen
        .filter((id) => id.startsWith(`${laneIndex}:`))
        .map((id) => Number(id.split(':')[1]));
      expect(sequence, `lane ${laneIndex} handled in publish order`).to.deep.equal(
        [...sequence].sort((a, b) => a - b),
      );
    }
    expect(log.messages('warn')).to.include('redis connection lost; reconnecting');
    expect(log.messages('info')).to.include('redis connection restored');
    expect(log.messages('error'), 'the stream and its group survived').to.deep.equal([]);
  });

  it('fails a publish at once with event-bus-unavailable when the offline queue is full; queued ones go through', async () => {
    const names = uniqueNames('offline');
    const log = new RecordingLogger();
    const bus = await openBus(server.url, { ...names, offlineQueueLimit: 2 }, log);
    buses.push(bus);
    const handled: string[] = [];
    await bus.subscribe('do_schedule', 'manager', (event) => void handled.push(event.payload.resourceGroup!));

    await server.terminate();
    await eventually(
      () => log.messages('warn').includes('redis connection lost; reconnecting'),
      'the bus to notice',
      BUS_WAIT_MS,
    );
    const queued = [
      bus.publish('do_schedule', { resourceGroup: 'a' }, 'test'),
      bus.publish('do_schedule', { resourceGroup: 'b' }, 'test'),
    ];
    const refused = await bus.publish('do_schedule', { resourceGroup: 'c' }, 'test').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(TesseraError);
    expect((refused as TesseraError).code).to.equal('event-bus-unavailable');
    expect((refused as TesseraError).message).to.match(/unreachable and 2 publishes already wait/);

    await server.launch();
    await Promise.all(queued);
    await eventually(() => handled.length === 2, 'the queued events to be handled', BUS_WAIT_MS);
    expect(handled).to.deep.equal(['a', 'b']);
  });
});
