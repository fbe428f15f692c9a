import { expect } from 'chai';
import type { RedisEventBus } from '@tessera/event-bus-redis';
import type Redis from 'ioredis';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { ChildConsumer } from './support/child-consumer';
import { RecordingLogger } from '../../support/recording-logger';
import { eventually } from '../../support/eventually';
import { BUS_WAIT_MS, inspector, openBus, testOptions, uniqueNames } from './support/test-bus';

const EVENTS = 500;

describe('event-bus-redis: consumers in several processes', function () {
  this.timeout(30_000);
  let url: string;
  let redis: Redis;
  let bus: RedisEventBus | undefined;
  let child: ChildConsumer | undefined;
  let names: { stream: string; channel: string };

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['redis'])).redis;
    redis = await inspector(url);
  });
  beforeEach(() => (names = uniqueNames('cross')));
  afterEach(async () => {
    await child?.stop('SIGKILL');
    await bus?.close();
    child = bus = undefined;
    await redis.del(names.stream);
  });
  after(() => redis?.disconnect());

  it('hands each anycast event to exactly one consumer of the group across two processes', async () => {
    const here: string[] = [];
    const audited: string[] = [];
    bus = await openBus(url, { ...names, consumer: 'here', batchSize: 4 });
    await bus.subscribe('do_schedule', 'manager', async (event) => {
      here.push(event.payload.resourceGroup!);
      await new Promise((resolve) => setImmediate(resolve));
    });
    await bus.subscribe('do_schedule', 'auditor', (event) => void audited.push(event.payload.resourceGroup!));
    child = await ChildConsumer.start(
      testOptions(url, { ...names, consumer: 'there', batchSize: 4 }),
      'record',
    );

    await Promise.all(
      Array.from({ length: EVENTS }, (_, i) =>
        bus!.publish('do_schedule', { resourceGroup: `e${i}` }, 'test'),
      ),
    );
    await eventually(
      () => here.length + child!.handled.length >= EVENTS,
      `${EVENTS} events handled in group manager`,
      BUS_WAIT_MS,
    );
    await bus.drain(10_000);

    const all = [...here, ...child.handled];
    expect(all).to.have.length(EVENTS);
    expect(new Set(all).size).to.equal(EVENTS, 'no event handled twice');
    expect(here.length, 'this process took a share').to.be.greaterThan(0);
    expect(child.handled.length, 'the other process took a share').to.be.greaterThan(0);
    expect(audited, 'another group sees every event, in publish order').to.deep.equal(
      Array.from({ length: EVENTS }, (_, i) => `e${i}`),
    );
    const inOrder = (list: string[]) =>
      list.every((id, i) => i === 0 || Number(id.slice(1)) > Number(list[i - 1]!.slice(1)));
    expect(
      inOrder(here) && inOrder(child.handled),
      'each consumer handles its share in publish order',
    ).to.equal(true);
    expect(await redis.xpending(names.stream, 'manager')).to.deep.include(0);
  });

  it('lets another consumer claim what a crashed consumer left pending, after claimIdleMs', async () => {
    await redis.xgroup('CREATE', names.stream, 'manager', '$', 'MKSTREAM');
    const log = new RecordingLogger();
    const publisher = await openBus(url, names);
    for (let i = 0; i < 3; i++) await publisher.publish('do_schedule', { resourceGroup: `e${i}` }, 'test');
    await publisher.close();

    child = await ChildConsumer.start(testOptions(url, { ...names, consumer: 'doomed' }), 'hang');
    await eventually(
      () => child!.handled.length === 1,
      'the doomed consumer to take the first event',
      BUS_WAIT_MS,
    );
    await child.stop('SIGKILL');
    const [pending, , , owners] = (await redis.xpending(names.stream, 'manager')) as [
      number,
      string,
      string,
      string[][],
    ];
    expect(pending, 'the crashed consumer read all three, acknowledged none').to.equal(3);
    expect(owners).to.deep.equal([['doomed', '3']]);

    const handled: string[] = [];
    const claimedAt: number[] = [];
    const subscribedAt = Date.now();
    bus = await openBus(url, { ...names, consumer: 'survivor', claimIdleMs: 500 }, log);
    await bus.subscribe('do_schedule', 'manager', (event) => {
      handled.push(event.payload.resourceGroup!);
      claimedAt.push(Date.now());
    });
    await eventually(() => handled.length === 3, 'the survivor to handle the claimed events', BUS_WAIT_MS);
    expect(handled).to.deep.equal(['e0', 'e1', 'e2']);
    expect(claimedAt[0]! - subscribedAt).to.be.below(3000);
    expect(log.messages('info')).to.include('claimed events another consumer left pending');
    await eventually(
      async () => ((await redis.xpending(names.stream, 'manager')) as number[])[0] === 0,
      'nothing pending',
      BUS_WAIT_MS,
    );
  });

  it('drops an event whose consumers kept dying before acknowledging it (after maxRetries deliveries)', async () => {
    await redis.xgroup('CREATE', names.stream, 'manager', '$', 'MKSTREAM');
    const publisher = await openBus(url, names);
    await publisher.publish('do_schedule', { resourceGroup: 'poison' }, 'test');
    await publisher.publish('do_schedule', { resourceGroup: 'fine' }, 'test');
    await publisher.close();
    // Four deliveries, none acknowledged: a reader that dies, then three claims by readers that die too.
    const [[, [[poisonId]]]] = (await redis.xreadgroup(
      'GROUP',
      'manager',
      'dead',
      'COUNT',
      1,
      'STREAMS',
      names.stream,
      '>',
    )) as [string, [string, string[]][]][];
    for (let i = 0; i < 3; i++) await redis.xclaim(names.stream, 'manager', `dead-${i}`, 0, poisonId!);

    const log = new RecordingLogger();
    const handled: string[] = [];
    bus = await openBus(url, { ...names, consumer: 'survivor', claimIdleMs: 100 }, log);
    await bus.subscribe('do_schedule', 'manager', (event) => void handled.push(event.payload.resourceGroup!));
    await eventually(
      () =>
        log.messages('error').includes('event delivered too many times without being acknowledged; dropped'),
      'the poison event to be dropped',
      BUS_WAIT_MS,
    );
    await eventually(() => handled.includes('fine'), 'the other event to be handled', BUS_WAIT_MS);
    expect(handled).to.deep.equal(['fine']);
    await eventually(
      async () => ((await redis.xpending(names.stream, 'manager')) as number[])[0] === 0,
      'nothing pending',
      BUS_WAIT_MS,
    );
  });
});
