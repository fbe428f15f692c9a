import Router from '@koa/router';
import { expect } from 'chai';
import type { ApiRouteContribution, ApiState } from '@tessera/manager';
import { ApiAppHarness, keypair } from '../../unit/rate-limit/support/api-app-harness';

const CALLER = keypair('AKIAINTERNALERROR001', 100);
const SECRET_DETAIL =
  'connect ECONNREFUSED 10.0.0.5:5432 password=hunter2 /srv/tessera/plugins/billing/ledger.ts';

/** A test-only contribution with routes that fail the ways bugs do. */
const failingRoutes: ApiRouteContribution = {
  routes(kit) {
    const router = new Router<ApiState>();
    router.use(...kit.authenticated);
    router.get('/test/thrown-error', () => {
      throw new Error(SECRET_DETAIL);
    });
    router.get('/test/type-error', (ctx) => {
      const missing = (ctx.state as Record<string, unknown>)['nothing'] as { field: { deeper: string } };
      ctx.body = missing.field.deeper;
    });
    router.get('/test/rejected-with-a-string', () => Promise.reject(SECRET_DETAIL));
    router.get('/test/error-with-cause', () => {
      throw new Error('ledger write failed', { cause: new Error(SECRET_DETAIL) });
    });
    return router;
  },
};

describe('api-negative: an unexpected error in a route answers 500 without internals', () => {
  let harness: ApiAppHarness;

  before(async () => {
    harness = new ApiAppHarness({ keypairs: [CALLER], routes: [failingRoutes] });
    await harness.start();
  });
  after(() => harness.stop());

  const rows = [
    '/test/thrown-error',
    '/test/type-error',
    '/test/rejected-with-a-string',
    '/test/error-with-cause',
  ];
  for (const path of rows) {
    it(`GET ${path}: internal-server-error, and the details only in the log`, async () => {
      const logged = harness.log.lines.length;
      const answer = await harness.call(CALLER, 'GET', path);
      expect(answer.status).to.equal(500);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      const body = answer.json();
      expect(Object.keys(body).sort()).to.deep.equal(['status', 'title', 'type']);
      expect(body).to.include({ type: 'https://api.backend.ai/probs/internal-server-error', status: 500 });
      for (const leak of [
        'ECONNREFUSED',
        'hunter2',
        '/srv/',
        '.ts',
        'ledger',
        'TypeError',
        'deeper',
        '    at ',
      ])
        expect(answer.text, leak).to.not.include(leak);

      const failure = harness.log.lines.slice(logged).find((line) => line.message === 'request failed');
      expect(failure, 'the log line of the failure').to.not.equal(undefined);
      expect(failure!.level).to.equal('error');
      expect(failure!.fields).to.include({ method: 'GET', path, code: 'internal-error' });
      const loggedError = JSON.stringify(failure!.fields['error']);
      expect(loggedError).to.match(path.includes('type-error') ? /reading 'field'/ : /ECONNREFUSED/);
      if (!path.includes('string')) expect(loggedError).to.include('stack');
    });
  }
});
