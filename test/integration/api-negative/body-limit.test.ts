import Router from '@koa/router';
import { expect } from 'chai';
import type { ApiRouteContribution, ApiState } from '@tessera/manager';
import { ApiAppHarness, keypair } from '../../unit/rate-limit/support/api-app-harness';

const CALLER = keypair('AKIABODYLIMITCALLER1', 100);

describe('api-negative: the JSON body limit (api.maxJsonBodySize)', () => {
  const runs: unknown[] = [];
  const echo: ApiRouteContribution = {
    routes(kit) {
      const router = new Router<ApiState>();
      router.use(...kit.authenticated);
      router.post('/test/echo', (ctx) => {
        runs.push(ctx.request.body);
        ctx.body = { ok: true };
      });
      return router;
    },
  };
  let harness: ApiAppHarness;

  before(async () => {
    harness = new ApiAppHarness({ keypairs: [CALLER], routes: [echo], maxJsonBodyBytes: 2048 });
    await harness.start();
  });
  after(() => harness.stop());

  const body = (bytes: number) => JSON.stringify({ padding: 'x'.repeat(bytes - 14) }); // {"padding":"…"} is 14 + n

  it('reads a body of exactly the limit', async () => {
    const answer = await harness.call(CALLER, 'POST', '/test/echo', body(2048));
    expect(answer.status, answer.text).to.equal(200);
    expect(runs).to.have.length(1);
  });

  it('refuses a body one byte over with 400 generic-bad-request naming the limit, before the route', async () => {
    runs.length = 0;
    const answer = await harness.call(CALLER, 'POST', '/test/echo', body(2049));
    expect(answer.status).to.equal(400);
    expect(answer.json()).to.include({
      type: 'https://api.backend.ai/probs/generic-bad-request',
      limit: 2048,
    });
    expect(answer.json()['title']).to.match(/larger than the limit of 2048 bytes/);
    expect(runs).to.deep.equal([]);
  });
});
