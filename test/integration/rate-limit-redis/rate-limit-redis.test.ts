import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import Redis from 'ioredis';
import { RedisRateLimitStore, type Config } from '@tessera/rate-limit-redis';
import { eventually } from '../../support/eventually';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { RecordingLogger } from '../../support/recording-logger';

const WINDOW_MS = 900_000;
const T0 = Date.UTC(2026, 0, 1);

describe('rate-limit-redis: the rolling window on the halfstack Redis', function () {
  this.timeout(20_000);
  let url: string;
  let inspector: Redis;
  let config: Config;
  const stores: RedisRateLimitStore[] = [];

  async function openStore(): Promise<RedisRateLimitStore> {
    const store = new RedisRateLimitStore(config, new RecordingLogger());
    await store.connect();
    stores.push(store);
    return store;
  }

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['redis'])).redis;
  });
  beforeEach(async () => {
    config = { url, db: 1, keyPrefix: `test-ratelimit-${randomUUID()}:`, commandTimeoutMs: 1000 };
    inspector = new Redis(url, { db: 1 });
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    const keys = await inspector.keys(`${config.keyPrefix}*`);
    if (keys.length > 0) await inspector.del(...keys);
    inspector.disconnect();
  });

  it('counts the requests of a key in the window, and forgets them one window later', async () => {
    const store = await openStore();
    const counts = [
      await store.hit('AKIA1', T0, WINDOW_MS),
      await store.hit('AKIA1', T0 + 1000, WINDOW_MS),
      await store.hit('AKIA2', T0 + 1000, WINDOW_MS),
      await store.hit('AKIA1', T0 + WINDOW_MS - 1, WINDOW_MS),
      await store.hit('AKIA1', T0 + WINDOW_MS, WINDOW_MS),
      await store.hit('AKIA1', T0 + WINDOW_MS + 1000, WINDOW_MS),
    ];
    expect(counts).to.deep.equal([1, 2, 1, 3, 3, 3]);
    expect(await inspector.zcard(`${config.keyPrefix}AKIA1`)).to.equal(3);
  });

  it('shares one count between two stores (two managers) on the same Redis', async () => {
    const [first, second] = [await openStore(), await openStore()];
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? first : second).hit('AKIASHARED', T0 + i, WINDOW_MS),
      ),
    );
    // Each hit is atomic: forty distinct totals, 1 to 40, however the two interleave.
    expect([...counts].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await second.hit('AKIASHARED', T0 + 100, WINDOW_MS)).to.equal(41);
  });

  it('lets Redis expire an idle key by itself one window after its last request', async () => {
    const store = await openStore();
    const key = `${config.keyPrefix}AKIAEXPIRES`;
    await store.hit('AKIAEXPIRES', Date.now(), 300);
    const ttl = await inspector.pttl(key);
    expect(ttl).to.be.greaterThan(0).and.at.most(300);
    await eventually(async () => (await inspector.exists(key)) === 0, 'the idle key to expire');
  });

  it('refuses to start, naming the error code, when Redis does not answer', async () => {
    const store = new RedisRateLimitStore(
      { ...config, url: 'redis://127.0.0.1:1', commandTimeoutMs: 200 },
      new RecordingLogger(),
    );
    let failure: unknown;
    try {
      await store.connect();
    } catch (error) {
      failure = error;
    }
    expect(failure).to.have.property('code', 'rate-limit-store-unavailable');
    await store.close();
  });
});
