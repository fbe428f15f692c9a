import { describeEventBusConformance } from '@tessera/core/testing';
import type Redis from 'ioredis';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { inspector, openBus } from './support/test-bus';

describe('event-bus-redis against the halfstack Redis', () => {
  let url: string;
  let redis: Redis;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['redis'])).redis;
    redis = await inspector(url);
  });
  after(() => redis?.disconnect());

  describeEventBusConformance('redis', async () => {
    const bus = await openBus(url);
    return {
      bus,
      // Waits until Redis reports every published entry delivered and acknowledged in each group.
      settle: () => bus.drain(10_000),
      close: async () => {
        await bus.close();
        await redis.del(bus.options.stream);
      },
    };
  });
});
