import { expect } from 'chai';
import type { SessionRecord } from '@tessera/core';
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
import { sdkClient, type ManagerDeployment } from '../manager/support/manager-deployment';

/**
 * A running session's app services and console logs (upstream's POST /session/:id/start-service
 * and GET /session/:id/logs), through the scripted agent's startService and kernelLogs.
 */
describe('manager-sessions: start-service and logs', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let sessionId: string;

  const call = (caller: Caller, method: string, path: string, body?: unknown): Promise<Answer> =>
    signedCall(deployment.endpoint, caller, method, path, body);
  const startService = (body: unknown, session = 'apps', caller: Caller = SUPERADMIN) =>
    call(caller, 'POST', `/session/${session}/start-service`, body);
  const session = async (id: string): Promise<SessionRecord> => (await deployment.db.sessions.get(id))!;

  beforeEach(async () => {
    deployment = await bootGraphQLManager();
    sessionId = await createSession(deployment, SUPERADMIN, 'apps', { clusterSize: 2 });
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  describe('POST /session/:id/start-service', () => {
    it("starts the app in the main kernel and answers Backend.AI's {token, wsproxy_addr} plus where the service is published", async () => {
      const answer = await startService({
        app: 'jupyter',
        login_session_token: 'dummy',
        envs: '{"PASSWORD": "12345"}',
        arguments: '{"-P": "12345"}',
      });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect(answer.body).to.deep.equal({
        token: '',
        wsproxy_addr: '',
        service: 'jupyter',
        protocol: 'http',
        status: 'started',
        kernel_host: '127.0.0.1',
        kernel_port: 30001,
      });
      expect(deployment.agent.serviceStarts).to.deep.equal([
        {
          kernelId: sessionId,
          request: { service: 'jupyter', args: { '-P': '12345' }, envs: { PASSWORD: '12345' } },
        },
      ]);
    });

    it('picks the host port of the container port asked for, also under /kernel, and says when it already ran', async () => {
      deployment.agent.serviceStartResult = { status: 'already-running' };
      const answer = await call(SUPERADMIN, 'POST', '/kernel/apps/start-service', {
        service: 'jupyter',
        port: 8090,
      });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.include({ status: 'already-running', kernel_port: 30001 });
      expect(deployment.agent.serviceStarts[0]!.request).to.deep.equal({ service: 'jupyter' });
    });

    it("answers the runner's failure as 500 problem+json with its reason", async () => {
      deployment.agent.serviceStartResult = { status: 'failed', error: 'jupyter: command not found' };
      const answer = await startService({ app: 'jupyter' });
      expectProblem(answer, 500, 'internal-server-error');
      expect(answer.body['title']).to.equal(
        'Failed to launch the app service "jupyter" in session "apps": jupyter: command not found',
      );
      expect(answer.body['data']).to.equal('jupyter: command not found');
    });

    it('refuses an app the kernel does not declare (404), a port it does not open and a malformed body (400)', async () => {
      const unknown = await startService({ app: 'vscode' });
      expectProblem(unknown, 404, 'object-not-found');
      expect(unknown.body['title']).to.equal(
        'No such app service "vscode" in session "apps" (its services: jupyter)',
      );
      const port = await startService({ app: 'jupyter', port: 8888 });
      expectProblem(port, 400, 'invalid-api-params');
      expect(port.body['title']).to.equal('Service jupyter does not open the port number 8888');
      expectProblem(await startService({}), 400, 'invalid-api-params');
      const envs = await startService({ app: 'jupyter', envs: 'PASSWORD=1' });
      expectProblem(envs, 400, 'invalid-api-params');
      expect(envs.body['title']).to.include('Invalid parameter envs');
      expect(deployment.agent.serviceStarts).to.deep.equal([]);
    });

    it('refuses a session that is not running with 409, as execute does', async () => {
      await call(SUPERADMIN, 'DELETE', '/session/apps');
      await statusReached(deployment, sessionId, 'TERMINATED');
      expectProblem(await startService({ app: 'jupyter' }, sessionId), 409, 'kernel-not-running');
      expect(deployment.agent.serviceStarts).to.deep.equal([]);
    });

    it("gives another user nothing of someone else's session: 404, and 403 for owner_access_key", async () => {
      expectProblem(await startService({ app: 'jupyter' }, 'apps', ALICE), 404, 'session-not-found');
      expectProblem(await startService({ app: 'jupyter' }, sessionId, ALICE), 404, 'session-not-found');
      expectProblem(
        await call(ALICE, 'POST', `/session/apps/start-service?owner_access_key=${SUPERADMIN.accessKey}`, {
          app: 'jupyter',
        }),
        403,
        'forbidden',
      );
      expect(deployment.agent.serviceStarts).to.deep.equal([]);
    });
  });

  describe('GET /session/:id/logs', () => {
    it("answers the main kernel's console log as {result: {logs}}, through the JS SDK too", async () => {
      const answer = await call(SUPERADMIN, 'GET', '/session/apps/logs');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ result: { logs: `log of ${sessionId}\n` } });
      const sdk = sdkClient(deployment.endpoint) as unknown as {
        get_logs(id: string): Promise<Record<string, unknown>>;
      };
      expect(await sdk.get_logs('apps')).to.deep.equal({ result: { logs: `log of ${sessionId}\n` } });
    });

    it('answers another kernel of the session with kernel_id, and refuses a kernel it does not have', async () => {
      const sub = (await session(sessionId)).kernels.find((k) => k.clusterRole === 'sub')!;
      const answer = await call(SUPERADMIN, 'GET', `/session/apps/logs?kernel_id=${sub.id}`);
      expect(answer.body).to.deep.equal({ result: { logs: `log of ${sub.id}\n` } });
      const other = await call(
        SUPERADMIN,
        'GET',
        '/session/apps/logs?kernel_id=3f1d0b5c-0000-4000-8000-000000000000',
      );
      expectProblem(other, 404, 'object-not-found');
      expect(other.body['title']).to.equal(
        'Session "apps" has no kernel 3f1d0b5c-0000-4000-8000-000000000000',
      );
      expectProblem(
        await call(SUPERADMIN, 'GET', '/session/apps/logs?kernel_id=main1'),
        400,
        'invalid-api-params',
      );
    });

    it('says the logs are gone once the kernels ended (409): they are read from the agent, not kept', async () => {
      await call(SUPERADMIN, 'DELETE', '/session/apps');
      await statusReached(deployment, sessionId, 'TERMINATED');
      const answer = await call(SUPERADMIN, 'GET', `/session/${sessionId}/logs`);
      expectProblem(answer, 409, 'kernel-not-running');
      expect(answer.body['title']).to.equal(
        `The kernel ${sessionId} of session "apps" is TERMINATED: its logs are read from its agent while the kernel ` +
          'runs and are not kept after it ends',
      );
    });

    it("gives another user nothing of someone else's session", async () => {
      expectProblem(await call(ALICE, 'GET', '/session/apps/logs'), 404, 'session-not-found');
      expectProblem(
        await call(ALICE, 'GET', `/session/apps/logs?owner_access_key=${SUPERADMIN.accessKey}`),
        403,
        'forbidden',
      );
    });
  });

  it("lets a user start services and read logs of the user's own session", async () => {
    const own = await createSession(deployment, ALICE, 'alice-svc');
    await statusReached(deployment, own, 'RUNNING');
    expect((await startService({ app: 'jupyter' }, 'alice-svc', ALICE)).status).to.equal(200);
    expect((await call(ALICE, 'GET', '/session/alice-svc/logs')).body).to.deep.equal({
      result: { logs: `log of ${own}\n` },
    });
    expect(deployment.agent.serviceStarts.map((start) => start.kernelId)).to.deep.equal([own]);
  });
});
