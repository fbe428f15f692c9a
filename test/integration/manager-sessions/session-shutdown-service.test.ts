import { expect } from 'chai';
import {
  ALICE,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  expectProblem,
  signedCall,
  statusReached,
  type Answer,
  type Caller,
} from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';

/**
 * Stopping a running session's app service (upstream's POST /session/:id/shutdown-service), through
 * the scripted agent's shutdownService, which records each call.
 */
describe('manager-sessions: shutdown-service', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let sessionId: string;

  const call = (caller: Caller, method: string, path: string, body?: unknown): Promise<Answer> =>
    signedCall(deployment.endpoint, caller, method, path, body);
  const shutdown = (body: unknown, session = 'apps', caller: Caller = SUPERADMIN) =>
    call(caller, 'POST', `/session/${session}/shutdown-service`, body);

  beforeEach(async () => {
    deployment = await bootGraphQLManager();
    sessionId = await createSession(deployment, SUPERADMIN, 'apps', { clusterSize: 2 });
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  it('has the agent stop the service in the main kernel and answers 204, also under /kernel', async () => {
    expect(
      (await call(SUPERADMIN, 'POST', '/session/apps/start-service', { app: 'jupyter' })).status,
    ).to.equal(200);
    const answer = await shutdown({ service_name: 'jupyter' });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(204);
    expect(deployment.agent.serviceShutdowns).to.deep.equal([{ kernelId: sessionId, service: 'jupyter' }]);
    const again = await call(SUPERADMIN, 'POST', `/kernel/${sessionId}/shutdown-service`, {
      service: 'jupyter',
    });
    expect(again.status).to.equal(204);
    expect(deployment.agent.serviceShutdowns).to.have.length(2);
  });

  it('answers 204 for a declared service that is not running: stopping is idempotent', async () => {
    deployment.agent.serviceShutdownResult = { status: 'not-running' };
    expect((await shutdown({ service_name: 'jupyter' })).status).to.equal(204);
  });

  it('refuses a service the kernel does not declare with 404 naming it, and a body without service_name', async () => {
    const unknown = await shutdown({ service_name: 'vscode' });
    expectProblem(unknown, 404, 'object-not-found');
    expect(unknown.body['title']).to.equal(
      'No such app service "vscode" in session "apps" (its services: jupyter)',
    );
    const missing = await shutdown({});
    expectProblem(missing, 400, 'invalid-api-params');
    expect(missing.body['title']).to.equal(
      'Missing parameter "service_name" (the name of the service to stop)',
    );
    const wrongType = await shutdown({ service_name: 7 });
    expectProblem(wrongType, 400, 'invalid-api-params');
    expect(wrongType.body['title']).to.include('service_name');
    expect(deployment.agent.serviceShutdowns).to.deep.equal([]);
  });

  it('refuses a session that is not running with 409', async () => {
    await call(SUPERADMIN, 'DELETE', '/session/apps');
    await statusReached(deployment, sessionId, 'TERMINATED');
    expectProblem(await shutdown({ service_name: 'jupyter' }, sessionId), 409, 'kernel-not-running');
    expect(deployment.agent.serviceShutdowns).to.deep.equal([]);
  });

  it("refuses another user: someone else's session is not found, and owner_access_key is forbidden", async () => {
    expectProblem(await shutdown({ service_name: 'jupyter' }, 'apps', ALICE), 404, 'session-not-found');
    expectProblem(await shutdown({ service_name: 'jupyter' }, sessionId, ALICE), 404, 'session-not-found');
    expectProblem(
      await call(ALICE, 'POST', `/session/apps/shutdown-service?owner_access_key=${SUPERADMIN.accessKey}`, {
        service_name: 'jupyter',
      }),
      403,
      'forbidden',
    );
    expect(deployment.agent.serviceShutdowns).to.deep.equal([]);
  });

  it("lets a user stop a service of the user's own session", async () => {
    const own = await createSession(deployment, ALICE, 'alice-svc');
    await statusReached(deployment, own, 'RUNNING');
    expect((await shutdown({ service_name: 'jupyter' }, 'alice-svc', ALICE)).status).to.equal(204);
    expect(deployment.agent.serviceShutdowns).to.deep.equal([{ kernelId: own, service: 'jupyter' }]);
  });
});
