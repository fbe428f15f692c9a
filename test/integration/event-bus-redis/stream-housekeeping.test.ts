import { expect } from 'chai';
import { StreamTrimmer, type RedisEventBus } from '@tessera/event-bus-redis';
import type Redis from 'ioredis';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { RecordingLogger } from '../../support/recording-logger';
import { eventually } from '../../support/eventually';
import { BUS_WAIT_MS, inspector, openBus, uniqueNames } from './support/test-bus';

describe('event-bus-redis: stream trimming and a lost stream', function () {
  this.timeout(20_000);
  let url: string;
  let redis: Redis;
  let bus: RedisEventBus | undefined;
  let stream: string;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['redis'])).redis;
    redis = await inspector(url);
  });
  beforeEach(() => (stream = uniqueNames('trim').stream));
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
    await redis.del(stream);
  });
  after(() => redis?.disconnect());

  const ids = async () => (await redis.xrange(stream, '-', '+')).map(([id]) => id);
  const read = async (group: string, count: number) => {
    const reply = (await redis.xreadgroup(
      'GROUP',
      group,
      'reader',
      'COUNT',
      count,
      'STREAMS',
      stream,
      '>',
    )) as [string, [string, string[]][]][] | null;
    return reply ? reply[0]![1].map(([id]) => id) : [];
  };

  it('trims only entries every group has acknowledged, and trims them all once they are', async () => {
    await redis.xgroup('CREATE', stream, 'manager', '$', 'MKSTREAM');
    await redis.xgroup('CREATE', stream, 'laggard', '$');
    for (let i = 0; i < 50; i++) await redis.xadd(stream, '*', 'name', 'do_schedule', 'payload', '{}');
    const all = await ids();
    await redis.xack(stream, 'manager', ...(await read('manager', 50)));
    const laggardRead = await read('laggard', 10);
    await redis.xack(stream, 'laggard', ...laggardRead.slice(0, 5));
    const trimmer = new StreamTrimmer(redis, stream, 20, new RecordingLogger());

    expect(await trimmer.trim(), 'the five entries the laggard acknowledged').to.equal(5);
    expect(await ids()).to.deep.equal(all.slice(5));

    await redis.xack(stream, 'laggard', ...laggardRead.slice(5));
    expect(await trimmer.trim(), 'up to what the laggard has read and acknowledged').to.equal(5);
    expect(await ids()).to.deep.equal(all.slice(10));

    await redis.xack(stream, 'laggard', ...(await read('laggard', 100)));
    expect(await trimmer.trim()).to.equal(40);
    expect(await redis.xlen(stream)).to.equal(0);

    await redis.xgroup('DESTROY', stream, 'manager');
    await redis.xgroup('DESTROY', stream, 'laggard');
    for (let i = 0; i < 30; i++) await redis.xadd(stream, '*', 'name', 'do_schedule', 'payload', '{}');
    expect(await trimmer.trim(), 'with no group left, back to maxLength').to.equal(10);
  });

  it('never trims what a group has not read yet, while publishing; trims once it is released', async () => {
    await redis.xgroup('CREATE', stream, 'laggard', '$', 'MKSTREAM');
    bus = await openBus(url, { stream, maxLength: 10 });
    let handled = 0;
    await bus.subscribe('do_schedule', 'manager', () => void handled++);
    for (let i = 0; i < 60; i++) await bus.publish('do_schedule', { resourceGroup: `e${i}` }, 'test');
    await bus.drain(10_000);
    expect(handled).to.equal(60);
    expect(await redis.xlen(stream), 'the laggard group still needs every entry').to.equal(60);

    await redis.xgroup('DESTROY', stream, 'laggard');
    for (let i = 0; i < 10; i++) await bus.publish('do_schedule', { resourceGroup: `f${i}` }, 'test');
    await bus.drain(10_000);
    await eventually(
      async () => (await redis.xlen(stream)) <= 10,
      'acknowledged entries to be trimmed',
      BUS_WAIT_MS,
    );
  });

  it('creates the group again, loudly, when the stream was lost, and goes on delivering', async () => {
    const log = new RecordingLogger();
    bus = await openBus(url, { stream }, log);
    const handled: string[] = [];
    await bus.subscribe('do_schedule', 'manager', (event) => void handled.push(event.payload.resourceGroup!));
    await bus.publish('do_schedule', { resourceGroup: 'before' }, 'test');
    await eventually(() => handled.length === 1, 'the first event', BUS_WAIT_MS);

    await redis.del(stream);
    await eventually(
      () =>
        log
          .messages('error')
          .includes(
            'consumer group was missing, created it again: events published while it was missing are lost',
          ),
      'the consumer to notice',
      BUS_WAIT_MS,
    );
    await bus.publish('do_schedule', { resourceGroup: 'after' }, 'test');
    await eventually(
      () => handled.length === 2,
      'the event published after the group came back',
      BUS_WAIT_MS,
    );
    expect(handled).to.deep.equal(['before', 'after']);
  });
});
