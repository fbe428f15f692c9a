import { expect } from 'chai';
import type { SessionRecord } from '@tessera/core';
import {
  bootManager,
  eventually,
  sdkClient,
  sdkFailure,
  type BackendAiClient,
  type ManagerDeployment,
} from './support/manager-deployment';

/** A signed request through the SDK's own signer, for calls the SDK has no method for. */
function signed(
  client: BackendAiClient,
  method: string,
  path: string,
  body: unknown = null,
): Promise<Record<string, unknown>> {
  return client._wrapWithPromise(client.newSignedRequest(method, path, body));
}

describe('manager: session lifecycle and scheduling on the real database', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;
  let client: BackendAiClient;

  const session = async (name: string): Promise<SessionRecord> => {
    const found = await deployment.db.sessions.findActiveByName('AKIAIOSFODNN7EXAMPLE', name);
    if (found) return found;
    const all = await deployment.db.sessions.listByStatus(['TERMINATED', 'CANCELLED', 'ERROR']);
    const ended = all.find((s) => s.name === name);
    if (!ended) throw new Error(`no session ${name}`);
    return ended;
  };
  const statusOf = async (name: string) => (await session(name)).status;
  /** The agent's occupied slots, zero amounts left out. */
  const occupied = async () =>
    Object.fromEntries(
      Object.entries((await deployment.db.agents.get(deployment.agent.agentId))!.occupiedSlots).filter(
        ([, v]) => Number(v) !== 0,
      ),
    );

  beforeEach(async () => {
    deployment = await bootManager();
    client = sdkClient(deployment.endpoint);
    await client.get_manager_version();
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  it('keeps a session that does not fit PENDING, saying which slot is short, and starts it once slots free up', async () => {
    await client.createIfNotExists('python', 'big-one', { cpu: 3, enqueueOnly: true });
    await eventually(async () => (await statusOf('big-one')) === 'RUNNING', 'big-one to run');
    expect(await occupied()).to.deep.equal({ cpu: '3', mem: '1073741824' });

    await client.createIfNotExists('python', 'waiting', { cpu: 2, enqueueOnly: true });
    await eventually(
      async () => (await session('waiting')).statusInfo === 'no-available-instances',
      'the no-fit record',
    );
    const waiting = await session('waiting');
    expect(waiting.status).to.equal('PENDING');
    const scheduler = waiting.statusData['scheduler'] as { retries: number; last_try: string; msg: string };
    expect(scheduler.retries).to.be.at.least(1);
    expect(new Date(scheduler.last_try).getTime()).to.be.closeTo(Date.now(), 10_000);
    expect(scheduler.msg).to.equal('not enough resources: cpu (requested 2, at most 1 free on one agent)');

    await client.destroy('big-one');
    expect(await statusOf('big-one')).to.equal('TERMINATED');
    // kernel_terminated returned big-one's slots and triggered a pass: no periodic tick needed.
    await eventually(
      async () => (await statusOf('waiting')) === 'RUNNING',
      'waiting to start after the slots were freed',
    );
    expect(await occupied()).to.deep.equal({ cpu: '2', mem: '1073741824' });
  });

  it('releases slots exactly once, even when kernel_terminated arrives twice', async () => {
    const created = await client.createIfNotExists('python', 'twice', { enqueueOnly: true });
    await eventually(async () => (await statusOf('twice')) === 'RUNNING', 'twice to run');
    await client.createIfNotExists('python', 'bystander', { enqueueOnly: true });
    await eventually(async () => (await statusOf('bystander')) === 'RUNNING', 'bystander to run');
    expect(await occupied()).to.deep.equal({ cpu: '2', mem: '2147483648' });
    const sessionId = created['sessionId'] as string;
    const event = { kernelId: sessionId, sessionId, reason: 'self-terminated', exitCode: 0 };
    await deployment.bus.publish('kernel_terminated', event, 'agent-test');
    await deployment.bus.publish('kernel_terminated', event, 'agent-test');
    await deployment.bus.drain(); // both deliveries handled, and whatever they published
    expect(await statusOf('twice')).to.equal('TERMINATED');
    expect(await occupied()).to.deep.equal({ cpu: '1', mem: '1073741824' });
    const ended = await session('twice');
    expect(ended.statusInfo).to.equal('self-terminated');
    expect(ended.statusData).to.deep.include({ kernel: { exit_code: 0 }, session: { status: 'terminated' } });
    expect(Object.keys(ended.statusHistory)).to.include.members([
      'PENDING',
      'SCHEDULED',
      'RUNNING',
      'TERMINATED',
    ]);
  });

  it('fails the start with ERROR / failed-to-start and returns the slots when the agent refuses the kernels', async () => {
    deployment.agent.refuseCreation = 'no space left on device';
    const created = await client.createIfNotExists('python', 'refused', { maxWaitSeconds: 5 });
    expect(created).to.deep.include({
      sessId: 'refused',
      status: 'ERROR',
      statusInfo: 'failed-to-start',
      created: true,
    });
    const failed = await session('refused');
    expect(failed.statusData['error']).to.deep.include({
      src: 'agent',
      agent_id: 'agent-test',
      repr: 'Error: no space left on device',
    });
    expect(failed.result).to.equal('FAILURE');
    expect(await occupied()).to.deep.equal({});
  });

  it('cancels a PENDING session on DELETE without involving an agent', async () => {
    await client.createIfNotExists('python', 'too-big', { cpu: 64, enqueueOnly: true });
    await eventually(
      async () => (await session('too-big')).statusInfo === 'no-available-instances',
      'the no-fit record',
    );
    await client.destroy('too-big');
    const cancelled = await session('too-big');
    expect(cancelled.status).to.equal('CANCELLED');
    expect(cancelled.statusInfo).to.equal('user-requested');
    expect(cancelled.kernels.map((k) => k.status)).to.deep.equal(['CANCELLED']);
    expect(deployment.agent.destroyed).to.deep.equal([]);
  });

  it('refuses a second session of the same name when reuseIfExists is false, or with another image', async () => {
    await client.createIfNotExists('python', 'unique-name', { enqueueOnly: true });
    const noReuse = await sdkFailure(
      signed(client, 'POST', '/session', {
        image: 'python',
        clientSessionToken: 'unique-name',
        reuseIfExists: false,
        enqueueOnly: true,
      }),
    );
    expect(noReuse.statusCode).to.equal(400);
    expect(noReuse.title).to.include('A session named "unique-name" already exists');
    const otherImage = await sdkFailure(
      client.createIfNotExists('r-base', 'unique-name', { enqueueOnly: true }),
    );
    expect(otherImage.statusCode).to.equal(400);
    expect(otherImage.title).to.include('not "r-base"');
  });

  it('refuses execution in a session that is not running with 409', async () => {
    await client.createIfNotExists('python', 'not-yet', { cpu: 64, enqueueOnly: true });
    const failure = await sdkFailure(client.execute('not-yet', 'run-1', 'query', 'print(1)'));
    expect(failure.statusCode).to.equal(409);
    expect(failure.title).to.include('Session "not-yet" is PENDING, not RUNNING');
  });

  it('generates a runId when the first execute call has none', async () => {
    await client.createIfNotExists('python', 'runner', { enqueueOnly: true });
    await eventually(async () => (await statusOf('runner')) === 'RUNNING', 'runner to run');
    const answer = await signed(client, 'POST', '/session/runner', { mode: 'query', code: '1+1' });
    const result = answer['result'] as { runId: string; status: string };
    expect(result.runId).to.match(/^[0-9a-f]{16}$/);
    expect(deployment.agent.executed.at(-1)!.request.runId).to.equal(result.runId);
  });

  it('answers unknown paths with 404 url-not-found and unsigned session calls with 401', async () => {
    const unknown = await sdkFailure(signed(client, 'GET', '/no/such/endpoint'));
    expect(unknown.statusCode).to.equal(404);
    const unsigned = await fetch(`${deployment.endpoint}/session/anything`);
    expect(unsigned.status).to.equal(401);
    expect(unsigned.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(await unsigned.json()).to.deep.include({
      type: 'https://api.backend.ai/probs/auth-failed',
      title: 'Authorization header is missing',
      status: 401,
    });
  });

  it('answers a body that is not JSON with 400 invalid-api-params', async () => {
    const request = client.newSignedRequest('POST', '/session', {}) as { body: string; headers: Headers };
    request.body = '{"image": "python",';
    request.headers.delete('Content-Length');
    const failure = await sdkFailure(client._wrapWithPromise(request));
    expect(failure.statusCode).to.equal(400);
    expect(failure.title).to.include('The request body is not valid JSON');
  });

  it('resolves a deprecated /v<major> prefix to the same routes', async () => {
    const created = await signed(client, 'POST', '/v4/kernel/create', {
      lang: 'python',
      clientSessionToken: 'prefixed',
      enqueueOnly: true,
    });
    expect(created).to.deep.include({ sessId: 'prefixed', created: true });
  });
});
