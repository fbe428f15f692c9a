import { expect } from 'chai';
import {
  ALICE,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  signedCall,
  statusReached,
} from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { connectStream, opened, refused } from './stream-client';

describe('manager-streams: /stream/session/:id/apps', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  const jupyter = [{ name: 'jupyter', protocol: 'http', ports: [8090] }];

  before(async () => {
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-streams' }] });
    const sessionId = await createSession(deployment, SUPERADMIN, 'apps');
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  after(async () => {
    await deployment?.stop();
  });

  it("sends the session's services (name, protocol, container ports) as one message, then closes with 1000", async () => {
    const stream = opened(await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/apps/apps'));
    expect(await stream.next()).to.deep.equal(jupyter);
    expect((await stream.closed).code).to.equal(1000);
  });

  it('answers the same list to the plain signed GET that Backend.AI clients send', async () => {
    const answer = await signedCall(deployment.endpoint, SUPERADMIN, 'GET', '/stream/session/apps/apps');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal(jupyter);
  });

  it("refuses another user's session before the upgrade, and over plain GET", async () => {
    const answer = refused(await connectStream(deployment.endpoint, ALICE, '/stream/session/apps/apps'));
    expect(answer.status).to.equal(404);
    expect(answer.body['type']).to.equal('https://api.backend.ai/probs/session-not-found');
    expect(
      (await signedCall(deployment.endpoint, ALICE, 'GET', '/stream/session/apps/apps')).status,
    ).to.equal(404);
  });
});
