import { expect } from 'chai';
import { ALICE, bootGraphQLManager, createSession, statusReached } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { handshake, json, send } from './support/raw-request';

describe('api-negative: a booted manager past the rate limit runs nothing', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let sessionId: string;

  before(async () => {
    deployment = await bootGraphQLManager({
      features: [{ package: '@tessera/manager-streams' }],
      // The tenants' keypairs leave rate_limit unset: they get this default.
      manager: { rateLimit: { defaultLimit: 2, window: 900 } },
      scheduling: { heartbeatTimeout: 3600 },
    });
    sessionId = await createSession(deployment, ALICE, 'alice-limited'); // request 1
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  after(() => deployment?.stop());

  it('answers 429 rate-limit-exceeded to REST requests and WebSocket handshakes past the limit', async () => {
    const execute = () =>
      send(deployment.endpoint, {
        method: 'POST',
        path: `/session/${sessionId}`,
        caller: ALICE,
        body: json({ mode: 'query', runId: 'r1', code: 'print(1)' }),
      });
    const second = await execute();
    expect(second.status, second.text).to.equal(200);
    expect(deployment.agent.executed).to.have.length(1);

    const third = await execute();
    expect(third.status).to.equal(429);
    expect(third.json()).to.include({ type: 'https://api.backend.ai/probs/rate-limit-exceeded', limit: 2 });
    expect(deployment.agent.executed).to.have.length(1);

    const stream = await handshake(deployment.endpoint, {
      method: 'GET',
      path: `/stream/session/${sessionId}/execute`,
      caller: ALICE,
    });
    expect(stream.status).to.equal(429);
    expect(stream.json()['type']).to.equal('https://api.backend.ai/probs/rate-limit-exceeded');
    expect(deployment.agent.executed).to.have.length(1);
    expect((await deployment.db.sessions.get(sessionId))?.status).to.equal('RUNNING');
  });
});
