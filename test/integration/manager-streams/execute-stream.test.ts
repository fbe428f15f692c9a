import { expect } from 'chai';
import type { ExecuteRequest, ExecutionResult } from '@tessera/core';
import {
  ALICE,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  signedCall,
  statusReached,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { connectStream, opened, refused, type RefusedStream } from './stream-client';

type Scripted = Omit<ExecutionResult, 'runId'>;

const result = (
  status: ExecutionResult['status'],
  console: ExecutionResult['console'],
  extra: Partial<Scripted> = {},
): Scripted => ({
  status,
  console,
  exitCode: status === 'finished' || status.endsWith('-finished') ? 0 : null,
  options: null,
  files: [],
  ...extra,
});

/**
 * `/stream/session/:id/execute` against a booted manager with `@tessera/manager-streams`: real
 * WebSockets with signed handshakes, execution through the scripted agent (its answers are
 * scripted per test, in order).
 */
describe('manager-streams: /stream/session/:id/execute', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let sessionId: string;
  let stopped: boolean;
  let script: Scripted[];

  const expectProblem = (answer: RefusedStream, status: number, type: string) => {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    expect(answer.contentType).to.match(/^application\/problem\+json/);
    expect(answer.body['type']).to.equal(`https://api.backend.ai/probs/${type}`);
  };
  const requests = (): ExecuteRequest[] => deployment.agent.executed.map((call) => call.request);

  beforeEach(async () => {
    stopped = false;
    script = [];
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-streams' }] });
    sessionId = await createSession(deployment, SUPERADMIN, 'streamed');
    await statusReached(deployment, sessionId, 'RUNNING');
    const agent = deployment.agent;
    agent.execute = async (kernelId, request) => {
      agent.executed.push({ kernelId, request });
      const next = script.shift();
      if (!next) throw new Error(`no scripted answer for ${request.mode}`);
      return { runId: request.runId, ...next };
    };
  });
  afterEach(async () => {
    if (!stopped) await deployment?.stop();
  });

  it('runs a query to the end: continued results are continued by the manager until finished, then the socket closes', async () => {
    script = [result('continued', [['stdout', 'step 1\n']]), result('finished', [['stdout', 'step 2\n']])];
    const stream = opened(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/streamed/execute'),
    );
    stream.socket.send(JSON.stringify({ code: 'print(1)', mode: 'query', options: {} }));
    expect(await stream.next()).to.deep.equal({
      status: 'continued',
      console: [['stdout', 'step 1\n']],
      exitCode: null,
      options: null,
      files: [],
    });
    expect(await stream.next()).to.deep.equal({
      status: 'finished',
      console: [['stdout', 'step 2\n']],
      exitCode: 0,
      options: null,
      files: [],
    });
    expect((await stream.closed).code).to.equal(1000);
    const [first, second] = requests();
    expect(first).to.deep.include({ mode: 'query', code: 'print(1)', options: {} });
    expect(second).to.deep.include({ mode: 'continue', code: '', runId: first!.runId });
    expect(first!.runId).to.match(/^[0-9a-f]{16}$/);
    expect(deployment.agent.executed.map((call) => call.kernelId)).to.deep.equal([sessionId, sessionId]);
  });

  it('continues a batch run through clean-finished and build-finished, with the client runId and options, under /v6', async () => {
    script = [
      result('clean-finished', []),
      result('build-finished', [['stdout', 'built\n']]),
      result('finished', [['stdout', 'ran\n']], { exitCode: 3 }),
    ];
    const stream = opened(
      await connectStream(deployment.endpoint, SUPERADMIN, `/v6/stream/session/${sessionId}/execute`),
    );
    const options = { clean: null, build: 'make', buildLog: false, exec: './main' };
    stream.socket.send(JSON.stringify({ code: '', mode: 'batch', options, runId: 'my-run' }));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(((await stream.next()) as { status: string }).status);
    expect(statuses).to.deep.equal(['clean-finished', 'build-finished', 'finished']);
    expect((await stream.closed).code).to.equal(1000);
    expect(requests().map(({ mode, runId }) => [mode, runId])).to.deep.equal([
      ['batch', 'my-run'],
      ['continue', 'my-run'],
      ['continue', 'my-run'],
    ]);
    expect(requests()[0]!.options).to.deep.equal(options);
  });

  it('answers waiting-input with the text the client sends next, as an input call of the same run', async () => {
    script = [
      result('waiting-input', [['stdout', 'Name: ']], { options: { is_password: false } }),
      result('finished', [['stdout', 'hello Alice\n']]),
    ];
    const stream = opened(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/streamed/execute'),
    );
    stream.socket.send(JSON.stringify({ code: 'input("Name: ")', mode: 'query' }));
    expect(await stream.next()).to.deep.include({ status: 'waiting-input', options: { is_password: false } });
    expect(requests()).to.have.length(1);
    stream.socket.send('Alice');
    expect(await stream.next()).to.deep.include({
      status: 'finished',
      console: [['stdout', 'hello Alice\n']],
    });
    expect((await stream.closed).code).to.equal(1000);
    expect(requests()[1]).to.deep.equal({
      mode: 'input',
      runId: requests()[0]!.runId,
      code: 'Alice',
      options: null,
    });
  });

  it('answers a malformed first message with an error naming the field and closes with 1008', async () => {
    const stream = opened(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/streamed/execute'),
    );
    stream.socket.send(JSON.stringify({ code: 'x', mode: 'continue' }));
    const answer = (await stream.next()) as { status: string; msg: string };
    expect(answer.status).to.equal('error');
    expect(answer.msg).to.equal('Invalid parameter mode: expected "query" or "batch", got "continue"');
    expect((await stream.closed).code).to.equal(1008);
    expect(requests()).to.deep.equal([]);
  });

  it('interrupts the kernel when the client leaves in the middle of a run', async () => {
    let release!: () => void;
    const agent = deployment.agent;
    agent.execute = async (kernelId, request) => {
      agent.executed.push({ kernelId, request });
      await new Promise<void>((resolve) => (release = resolve));
      return { runId: request.runId, ...result('finished', []) };
    };
    const stream = opened(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/streamed/execute'),
    );
    stream.socket.send(JSON.stringify({ code: 'while True: pass', mode: 'query' }));
    await eventually(async () => requests().length === 1, 'the run to reach the agent');
    stream.socket.close();
    await eventually(async () => agent.interrupted.includes(sessionId), 'the kernel to be interrupted');
    release();
  });

  it('refuses a bad signature with 401 before any upgrade', async () => {
    const answer = refused(
      await connectStream(
        deployment.endpoint,
        { accessKey: SUPERADMIN.accessKey, secretKey: 'not-the-secret-key' },
        '/stream/session/streamed/execute',
      ),
    );
    expectProblem(answer, 401, 'auth-failed');
    expect(answer.body['title']).to.equal('Authentication failed: the signature does not match');
  });

  it('refuses an unknown session with 404 and an unknown stream path with url-not-found', async () => {
    const unknown = refused(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/nothing-here/execute'),
    );
    expectProblem(unknown, 404, 'session-not-found');
    const path = refused(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/streamed/nothing'),
    );
    expectProblem(path, 404, 'url-not-found');
  });

  it("refuses another user's session: 404 by name or id, 403 with owner_access_key", async () => {
    expectProblem(
      refused(await connectStream(deployment.endpoint, ALICE, '/stream/session/streamed/execute')),
      404,
      'session-not-found',
    );
    expectProblem(
      refused(await connectStream(deployment.endpoint, ALICE, `/stream/session/${sessionId}/execute`)),
      404,
      'session-not-found',
    );
    const owner = refused(
      await connectStream(
        deployment.endpoint,
        ALICE,
        `/stream/session/streamed/execute?owner_access_key=${SUPERADMIN.accessKey}`,
      ),
    );
    expectProblem(owner, 403, 'forbidden');
    expect(requests()).to.deep.equal([]);
  });

  it("lets a superadmin open a user's session with owner_access_key", async () => {
    const aliceSession = await createSession(deployment, ALICE, 'alices');
    await statusReached(deployment, aliceSession, 'RUNNING');
    script = [result('finished', [['stdout', 'ok\n']])];
    const stream = opened(
      await connectStream(
        deployment.endpoint,
        SUPERADMIN,
        `/stream/session/alices/execute?owner_access_key=${ALICE.accessKey}`,
      ),
    );
    stream.socket.send(JSON.stringify({ code: '1', mode: 'query' }));
    expect(await stream.next()).to.deep.include({ status: 'finished' });
    expect(deployment.agent.executed[0]!.kernelId).to.equal(aliceSession);
  });

  it('refuses a session that is not running with 409, and a plain GET with 400', async () => {
    await signedCall(deployment.endpoint, SUPERADMIN, 'DELETE', '/session/streamed');
    await statusReached(deployment, sessionId, 'TERMINATED');
    expectProblem(
      refused(await connectStream(deployment.endpoint, SUPERADMIN, `/stream/session/${sessionId}/execute`)),
      409,
      'kernel-not-running',
    );
    const plain = await signedCall(
      deployment.endpoint,
      SUPERADMIN,
      'GET',
      `/stream/session/${sessionId}/execute`,
    );
    expect(plain.status).to.equal(400);
    expect(plain.body['title']).to.match(/is a WebSocket endpoint/);
  });

  it('tells the client the manager is stopping and closes the socket with 1001 when the manager stops mid-run', async () => {
    const agent = deployment.agent;
    agent.execute = async (kernelId, request) => {
      agent.executed.push({ kernelId, request });
      return new Promise<ExecutionResult>(() => {}); // a run that never answers
    };
    const stream = opened(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/streamed/execute'),
    );
    stream.socket.send(JSON.stringify({ code: 'import time; time.sleep(3600)', mode: 'query' }));
    await eventually(async () => requests().length === 1, 'the run to reach the agent');
    stopped = true;
    const stopping = deployment.stop();
    expect(await stream.next()).to.deep.include({ status: 'server-restarting' });
    expect((await stream.closed).code).to.equal(1001);
    await stopping;
  });
});
