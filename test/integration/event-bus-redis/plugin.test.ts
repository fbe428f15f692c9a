import { expect } from 'chai';
import type { EventBus } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import type Redis from 'ioredis';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { eventually } from '../../support/eventually';
import { BUS_WAIT_MS, inspector, uniqueNames } from './support/test-bus';

describe('event-bus-redis: as a plugin of the kernel', function () {
  this.timeout(20_000);
  let url: string;
  let redis: Redis;
  let test: TestKernel | undefined;
  let names: { stream: string; channel: string };

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['redis'])).redis;
    redis = await inspector(url);
  });
  beforeEach(() => (names = uniqueNames('plugin')));
  afterEach(async () => {
    await test?.stop();
    test = undefined;
    await redis.del(names.stream);
  });
  after(() => redis?.disconnect());

  it('provides event-bus: events go through Redis DB 4 under a consumer named after the node', async () => {
    test = await bootTestKernel({
      roles: ['manager'],
      plugins: [{ package: '@tessera/event-bus-redis', config: { url, ...names, blockMs: 100 } }],
    });
    const bus = test.kernel.resolve<EventBus>('event-bus');
    const anycast: string[] = [];
    const broadcast: string[] = [];
    await bus.subscribe('session_enqueued', 'manager', (event) => void anycast.push(event.payload.sessionId));
    await bus.subscribe('session_started', 'web', (event) => void broadcast.push(event.payload.sessionId));
    await bus.publish('session_enqueued', { sessionId: 's1', resourceGroup: 'default' }, 'test-node');
    await bus.publish('session_started', { sessionId: 's1' }, 'test-node');
    await eventually(
      () => anycast.length === 1 && broadcast.length === 1,
      'both events handled',
      BUS_WAIT_MS,
    );

    const [[, consumer]] = (await redis.xinfo('CONSUMERS', names.stream, 'manager')) as [string, string][][];
    expect(consumer).to.equal(`test-node-${process.pid}`);
    expect(test.logs.map((line) => line.msg)).to.include('event bus connected');
  });

  it('refuses to start, naming Redis, when Redis does not answer', async () => {
    const failure = await bootTestKernel({
      roles: ['manager'],
      plugins: [{ package: '@tessera/event-bus-redis', config: { url: 'redis://127.0.0.1:1' } }],
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure, 'the kernel did not start').to.be.instanceOf(Error);
    expect(failure!.message).to.match(/Redis event bus at 127\.0\.0\.1:1 does not answer/);
  });
});
