import Router from '@koa/router';
import { expect } from 'chai';
import { TesseraError, type RateLimitStore } from '@tessera/core';
import type { ApiRouteContribution, ApiState } from '@tessera/manager';
import { ApiAppHarness, keypair, rateLimitHeaders, WINDOW_SECONDS } from './support/api-app-harness';

const LIMITED = keypair('AKIALIMITEDTHREE0001', 3);
const OTHER = keypair('AKIALIMITEDOTHER0001', 3);
const UNSET = keypair('AKIAUNSETLIMIT000001', 0);

/** A route that records every run, and one that fails as a route does (404). */
function recordingRoutes(runs: string[]): ApiRouteContribution {
  return {
    routes(kit) {
      const router = new Router<ApiState>();
      router.use(...kit.authenticated);
      router.post('/test/work', (ctx) => {
        runs.push(ctx.state.keypair!.accessKey);
        ctx.body = { done: runs.length };
      });
      router.get('/test/missing', () => {
        throw TesseraError.notFound('object-not-found', 'no such thing');
      });
      return router;
    },
  };
}

describe('rate limit: the manager API counts each access key in a rolling window', () => {
  let harness: ApiAppHarness;
  let runs: string[];

  beforeEach(async () => {
    runs = [];
    harness = new ApiAppHarness({
      keypairs: [LIMITED, OTHER, UNSET],
      routes: [recordingRoutes(runs)],
      defaultLimit: 5,
    });
    await harness.start();
  });
  afterEach(() => harness.stop());

  it('sends the limit, what remains and the window on every authenticated answer', async () => {
    const seen = [];
    for (let i = 0; i < 3; i += 1)
      seen.push(rateLimitHeaders(await harness.call(LIMITED, 'POST', '/test/work')));
    expect(seen).to.deep.equal([
      { limit: '3', remaining: '2', window: String(WINDOW_SECONDS) },
      { limit: '3', remaining: '1', window: String(WINDOW_SECONDS) },
      { limit: '3', remaining: '0', window: String(WINDOW_SECONDS) },
    ]);
  });

  it('refuses the request past the limit with 429 rate-limit-exceeded, and runs nothing', async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await harness.call(LIMITED, 'POST', '/test/work')).status).to.equal(200);
    const refused = await harness.call(LIMITED, 'POST', '/test/work');
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(refused.json()).to.include({
      type: 'https://api.backend.ai/probs/rate-limit-exceeded',
      status: 429,
      limit: 3,
      window: WINDOW_SECONDS,
    });
    expect(rateLimitHeaders(refused)).to.deep.equal({ limit: '3', remaining: '0', window: '900' });
    expect(runs).to.have.length(3);
    // Refused requests count too: still refused, still nothing run.
    expect((await harness.call(LIMITED, 'POST', '/test/work')).status).to.equal(429);
    expect(runs).to.have.length(3);
  });

  it('counts each access key on its own', async () => {
    for (let i = 0; i < 4; i += 1) await harness.call(LIMITED, 'POST', '/test/work');
    const other = await harness.call(OTHER, 'POST', '/test/work');
    expect(other.status).to.equal(200);
    expect(rateLimitHeaders(other).remaining).to.equal('2');
  });

  it('lets requests through again as the window rolls past the old ones', async () => {
    for (let i = 0; i < 3; i += 1) {
      await harness.call(LIMITED, 'POST', '/test/work');
      harness.nowMs += 60_000;
    }
    expect((await harness.call(LIMITED, 'POST', '/test/work')).status).to.equal(429);
    // Requests at t=0, 60, 120 s, the refused one at 180 s. At 900 s only t=0 has left: the
    // refused one counts, so still 4 with the new one. At 960 s t=60 has left too.
    const start = harness.nowMs - 180_000;
    harness.nowMs = start + WINDOW_SECONDS * 1000;
    expect((await harness.call(LIMITED, 'POST', '/test/work')).status).to.equal(429);
    harness.nowMs = start + WINDOW_SECONDS * 1000 + 120_000;
    const again = await harness.call(LIMITED, 'POST', '/test/work');
    expect(again.status).to.equal(200);
    expect(rateLimitHeaders(again).remaining).to.equal('0');
    expect(runs).to.have.length(4);
  });

  it('counts failed requests and puts the headers on their answers', async () => {
    const missing = await harness.call(LIMITED, 'GET', '/test/missing');
    expect(missing.status).to.equal(404);
    expect(rateLimitHeaders(missing)).to.deep.equal({ limit: '3', remaining: '2', window: '900' });
  });

  it('gives a keypair whose rate_limit is 0 (not set) the configured default', async () => {
    const answer = await harness.call(UNSET, 'POST', '/test/work');
    expect(rateLimitHeaders(answer)).to.deep.equal({ limit: '5', remaining: '4', window: '900' });
  });

  it("answers public and refused requests with upstream's fixed headers, uncounted", async () => {
    const root = await harness.call(null, 'GET', '/');
    expect(root.status).to.equal(200);
    expect(rateLimitHeaders(root)).to.deep.equal({ limit: '1000', remaining: '1000', window: '900' });
    const unsigned = await harness.call(null, 'POST', '/test/work');
    expect(unsigned.status).to.equal(401);
    expect(rateLimitHeaders(unsigned)).to.deep.equal({ limit: '1000', remaining: '1000', window: '900' });
    const first = await harness.call(LIMITED, 'POST', '/test/work');
    expect(rateLimitHeaders(first).remaining).to.equal('2');
  });
});

describe('rate limit: a store that cannot answer', () => {
  it('lets the request through uncounted and logs a warning', async () => {
    const runs: string[] = [];
    const broken: RateLimitStore = { hit: () => Promise.reject(new Error('connection refused')) };
    const harness = new ApiAppHarness({
      keypairs: [LIMITED],
      routes: [recordingRoutes(runs)],
      store: broken,
    });
    await harness.start();
    try {
      const answer = await harness.call(LIMITED, 'POST', '/test/work');
      expect(answer.status).to.equal(200);
      expect(rateLimitHeaders(answer)).to.deep.equal({ limit: '3', remaining: '3', window: '900' });
      expect(runs).to.deep.equal([LIMITED.accessKey]);
      expect(harness.log.messages('warn')).to.include(
        'rate limit store unavailable; request let through uncounted',
      );
    } finally {
      await harness.stop();
    }
  });
});
