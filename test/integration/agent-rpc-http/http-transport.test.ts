import { expect } from 'chai';
import type { AgentRpc } from '@tessera/core';
import type { HttpRpcServing } from '@tessera/agent-rpc-http';
import { freePort } from '../../support/free-port';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { kernelSpec } from '../../support/kernel-spec';
import { tesseraFailure } from '../../support/tessera-failure';
import { FakeAgent } from './fake-agent';
import { dropFirstAnswer, postChunked, RpcCluster, SECRET_KEY, signedHeaders, type RpcNode } from './support';

describe('agent-rpc-http: a manager process calling an agent process over http://', function () {
  this.timeout(30_000);
  let etcd: string;
  let cluster: RpcCluster;
  let fake: FakeAgent;
  let agent: RpcNode;
  let serving: HttpRpcServing;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    etcd = (await requireServices(['etcd'])).etcd;
  });
  beforeEach(() => {
    cluster = new RpcCluster(etcd);
    fake = new FakeAgent();
  });
  afterEach(async () => {
    fake.releaseHanging();
    await serving?.close();
    await cluster.stop();
  });

  /** An agent node serving the fake on a free loopback port. */
  async function startAgent(config: Record<string, unknown> = {}): Promise<void> {
    agent = await cluster.boot({ role: 'agent', config });
    serving = (await agent.directory.serve('http://127.0.0.1:0', fake)) as HttpRpcServing;
  }

  async function managerClient(config: Record<string, unknown> = {}): Promise<AgentRpc> {
    const manager = await cluster.boot({ role: 'manager', config });
    return manager.directory.connect(serving.url);
  }

  it("carries every method, its result and the agent's TesseraErrors (code, status, details) across", async () => {
    await startAgent();
    const rpc = await managerClient();
    const spec = kernelSpec({ environ: { LANG: 'C.UTF-8', GREETING: 'héllo 🚀' } });
    const id = spec.kernelId;

    expect(await rpc.ping()).to.deep.equal({ agentId: 'i-fake-agent' });
    expect(await rpc.createKernels([spec])).to.equal(undefined);
    expect(fake.kernels.get(id)).to.deep.equal(spec);
    expect(await rpc.execute(id, { mode: 'query', runId: 'r-1', code: 'print(1)' })).to.deep.equal({
      runId: 'r-1',
      status: 'finished',
      console: [['stdout', 'ran print(1)\n']],
      exitCode: 0,
      options: null,
      files: [],
    });
    expect(await rpc.interruptKernel(id)).to.equal(undefined);
    expect(await rpc.startService(id, { service: 'jupyter', envs: { A: '1' } })).to.deep.equal({
      status: 'started',
    });
    expect(await rpc.startService(id, { service: 'jupyter' })).to.deep.equal({ status: 'already-running' });
    expect(await rpc.shutdownService(id, 'jupyter')).to.deep.equal({ status: 'stopped' });
    expect(await rpc.shutdownService(id, 'jupyter')).to.deep.equal({ status: 'not-running' });
    expect(await rpc.kernelLogs(id)).to.equal(`línea 1 of ${id}\n🚀 done\n`);
    expect(await rpc.complete(id, { code: 'pri', options: { row: 0 } })).to.deep.equal(['print']);
    const content = Buffer.from([0, 255, 10]).toString('base64');
    expect(await rpc.uploadFiles(id, [{ path: 'd/é.bin', content }])).to.equal(undefined);
    const listing = await rpc.listFiles(id, '/home/work');
    expect(listing.files.map((f) => [f.filename, f.size])).to.deep.equal([['d/é.bin', 3]]);
    const archive = await rpc.downloadFiles(id, ['a', 'b']);
    expect(Buffer.from(archive.archive, 'base64').toString()).to.equal('a\nb');
    expect(await rpc.getCommitStatus(id)).to.deep.equal({ status: 'ready' });
    expect(await rpc.commit(id, { email: 'a@b.c', filename: 'x.tar.gz' })).to.deep.equal({
      kernelId: id,
      path: 'a@b.c/x.tar.gz',
      location: '/fake/commit/a@b.c/x.tar.gz',
    });
    expect(await rpc.getCommitStatus(id)).to.deep.equal({ status: 'ongoing' });
    expect(await rpc.destroyKernel(id, 'user-requested')).to.equal('destroyed');
    expect(await rpc.destroyKernel(id, 'user-requested')).to.equal('not-found');

    const notRunning = await tesseraFailure(rpc.interruptKernel(id));
    expect(notRunning).to.include({
      code: 'kernel-not-running',
      status: 409,
      message: `kernel ${id} is not running on this agent`,
    });
    expect(notRunning.details).to.deep.equal({ kernelId: id });
    expect(notRunning.problemType).to.equal('https://api.backend.ai/probs/kernel-not-running');

    const broken = await tesseraFailure(rpc.startService('k-broken', { service: 'jupyter' }));
    expect(broken).to.include({ code: 'fake-agent-broken', status: 503 });
    expect(broken.details).to.deep.equal({ devices: [0, 1] });

    const crash = await tesseraFailure(rpc.kernelLogs('k-crash'));
    expect(crash).to.include({ code: 'internal-error', status: 500, message: 'log offset out of range' });

    expect(fake.calls).to.deep.equal({
      ping: 1,
      createKernels: 1,
      execute: 1,
      interruptKernel: 2,
      startService: 3,
      shutdownService: 2,
      kernelLogs: 2,
      complete: 1,
      uploadFiles: 1,
      listFiles: 1,
      downloadFiles: 1,
      commit: 1,
      getCommitStatus: 2,
      destroyKernel: 2,
    });
  });

  it('answers GET /health without a signature and announces where it serves', async () => {
    await startAgent();
    const health = await fetch(`${serving.url}/health`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.equal({ status: 'ok' });
    expect(agent.test.logs.find((line) => line.msg === 'endpoint ready')).to.include({
      plugin: 'agent-rpc-http',
      name: 'agent-rpc',
      url: serving.url,
    });
    expect(fake.totalCalls).to.equal(0);
  });

  it('refuses unsigned, wrongly signed, altered and stale requests with 401, and the agent sees none', async () => {
    await startAgent();
    const secret = (await agent.store.get(SECRET_KEY))!;
    const url = `${serving.url}/rpc/ping`;
    const body = JSON.stringify({ args: [] });
    const refusal = async (headers: Record<string, string>, sent = body) => {
      const response = await fetch(url, { method: 'POST', headers, body: sent });
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.equal('Tessera-HMAC-SHA256');
      const answer = (await response.json()) as { error: { code: string; origin: string; message: string } };
      expect(answer.error).to.include({ code: 'agent-rpc-unauthorized', origin: 'transport' });
      return answer.error.message;
    };

    expect(await refusal({ 'content-type': 'application/json' })).to.equal(
      'agent RPC request refused: no X-Tessera-Date header',
    );
    const unsigned = signedHeaders(secret, '/rpc/ping', body);
    delete unsigned.authorization;
    expect(await refusal(unsigned)).to.match(/no Authorization header/);
    expect(await refusal(signedHeaders('w'.repeat(64), '/rpc/ping', body))).to.match(
      /signature does not match/,
    );
    expect(await refusal(signedHeaders(secret, '/rpc/execute', body))).to.match(/signature does not match/);
    expect(await refusal(signedHeaders(secret, '/rpc/ping', body), JSON.stringify({ args: [1] }))).to.match(
      /signature does not match/,
    );
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    expect(await refusal(signedHeaders(secret, '/rpc/ping', body, tenMinutesAgo))).to.match(
      /X-Tessera-Date is 600 s behind this host's clock \(clock skew; at most 300 s is accepted\)/,
    );
    expect(fake.totalCalls).to.equal(0);
    expect(agent.test.logs.filter((line) => line.msg === 'agent RPC request refused')).to.have.length(6);

    // The same request, signed right, goes through: the refusals were about the signature alone.
    const accepted = await fetch(url, {
      method: 'POST',
      headers: signedHeaders(secret, '/rpc/ping', body),
      body,
    });
    expect(accepted.status).to.equal(200);
    expect(await accepted.json()).to.deep.equal({ result: { agentId: 'i-fake-agent' } });
    expect(fake.calls).to.deep.equal({ ping: 1 });

    const unknown = await fetch(`${serving.url}/rpc/rebootHost`, {
      method: 'POST',
      headers: signedHeaders(secret, '/rpc/rebootHost', body),
      body,
    });
    expect(unknown.status).to.equal(404);
    const unknownAnswer = (await unknown.json()) as {
      error: { code: string; details: { methods: string[] } };
    };
    expect(unknownAnswer.error.code).to.equal('agent-rpc-unknown-method');
    expect(unknownAnswer.error.details.methods).to.deep.equal([
      'ping',
      'createKernels',
      'destroyKernel',
      'execute',
      'interruptKernel',
      'startService',
      'shutdownService',
      'kernelLogs',
      'complete',
      'uploadFiles',
      'listFiles',
      'downloadFiles',
      'restartKernel',
      'commit',
      'getCommitStatus',
    ]);
  });

  it('keeps the secret out of every log line', async () => {
    await startAgent();
    const rpc = await managerClient();
    await rpc.ping();
    const secret = (await agent.store.get(SECRET_KEY))!;
    expect(secret).to.match(/^[0-9a-f]{64}$/);
    await fetch(`${serving.url}/rpc/ping`, { method: 'POST', body: '{}' });
    const everything = JSON.stringify(cluster.logs());
    expect(everything).to.contain('agent RPC request refused');
    expect(everything).not.to.contain(secret);
  });

  it('makes a manager with another secret fail with agent-rpc-refused naming the 401', async () => {
    await startAgent();
    const configured = 'a-configured-secret-that-differs-from-etcd';
    const rpc = await managerClient({ secret: configured });
    const refused = await tesseraFailure(rpc.ping());
    expect(refused).to.include({ code: 'agent-rpc-refused', status: 502 });
    expect(refused.message).to.contain(serving.url).and.contain('ping').and.contain('HTTP 401');
    expect(refused.details).to.include({ status: 401, remoteCode: 'agent-rpc-unauthorized', method: 'ping' });
    expect(fake.totalCalls).to.equal(0);
    expect(JSON.stringify(cluster.logs())).not.to.contain(configured);
  });

  it('refuses a body over maxBodySize with 413, by Content-Length or as it arrives, before calling the agent', async () => {
    await startAgent({ maxBodySize: 64 * 1024 });
    const secret = (await agent.store.get(SECRET_KEY))!;
    const body = JSON.stringify({ args: [[kernelSpec({ environ: { BIG: 'x'.repeat(100 * 1024) } })]] });
    const declared = await fetch(`${serving.url}/rpc/createKernels`, {
      method: 'POST',
      headers: signedHeaders(secret, '/rpc/createKernels', body),
      body,
    });
    expect(declared.status).to.equal(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).to.equal(
      'agent-rpc-body-too-large',
    );

    const chunks = body.match(/[\s\S]{1,8192}/g)!;
    const streamed = await postChunked(
      `${serving.url}/rpc/createKernels`,
      signedHeaders(secret, '/rpc/createKernels', body),
      chunks,
    );
    expect(streamed.status).to.equal(413);
    expect(JSON.parse(streamed.text).error.code).to.equal('agent-rpc-body-too-large');

    const rpc = await managerClient();
    const refused = await tesseraFailure(
      rpc.createKernels([kernelSpec({ environ: { BIG: 'x'.repeat(100 * 1024) } })]),
    );
    expect(refused).to.include({ code: 'agent-rpc-refused', status: 502 });
    expect(refused.details).to.include({ status: 413, remoteCode: 'agent-rpc-body-too-large', limit: 65536 });
    expect(fake.totalCalls).to.equal(0);
  });

  it('sends createKernels again after the connection dropped: the agent, idempotent by kernel id, creates once', async () => {
    await startAgent();
    const rpc = await managerClient();
    const dropped = dropFirstAnswer(serving.server, '/rpc/createKernels');
    const spec = kernelSpec();
    await rpc.createKernels([spec]);
    await dropped;
    expect(fake.calls.createKernels).to.equal(2);
    expect(fake.creations).to.equal(1);
    expect([...fake.kernels.keys()]).to.deep.equal([spec.kernelId]);
  });

  it('sends shutdownService again after the connection dropped: the repeat answers not-running', async () => {
    await startAgent();
    const rpc = await managerClient();
    const spec = kernelSpec();
    await rpc.createKernels([spec]);
    await rpc.startService(spec.kernelId, { service: 'jupyter' });
    const dropped = dropFirstAnswer(serving.server, '/rpc/shutdownService');
    expect(await rpc.shutdownService(spec.kernelId, 'jupyter')).to.deep.equal({ status: 'not-running' });
    await dropped;
    expect(fake.calls.shutdownService).to.equal(2);
  });

  it('does not send execute again after the connection dropped: agent-unreachable, executed once', async () => {
    await startAgent();
    const rpc = await managerClient();
    const spec = kernelSpec();
    await rpc.createKernels([spec]);
    const dropped = dropFirstAnswer(serving.server, '/rpc/execute');
    const failure = await tesseraFailure(
      rpc.execute(spec.kernelId, { mode: 'query', runId: 'r-1', code: '1' }),
    );
    await dropped;
    expect(failure).to.include({ code: 'agent-unreachable', status: 502 });
    expect(failure.message)
      .to.contain(`agent RPC execute to ${serving.url} failed`)
      .and.contain('not retried: execute is not idempotent');
    expect(failure.details).to.include({ address: serving.url, method: 'execute', attempts: 1, sent: true });
    expect(fake.calls.execute).to.equal(1);

    const interrupted = dropFirstAnswer(serving.server, '/rpc/interruptKernel');
    expect(await tesseraFailure(rpc.interruptKernel(spec.kernelId))).to.include({
      code: 'agent-unreachable',
    });
    await interrupted;
    expect(fake.calls.interruptKernel).to.equal(1);
  });

  it('gives up with agent-unreachable when the agent does not answer within callTimeout, without retrying', async () => {
    await startAgent();
    const rpc = await managerClient({ callTimeout: 0.5 });
    fake.hangOn.add('execute').add('ping');
    for (const call of [
      () => rpc.ping(),
      () => rpc.execute('k-1', { mode: 'query', runId: 'r', code: '' }),
    ]) {
      const started = Date.now();
      const failure = await tesseraFailure(call());
      const elapsed = Date.now() - started;
      expect(failure.code).to.equal('agent-unreachable');
      expect(failure.message).to.contain(serving.url).and.contain('no answer within 0.5 s (callTimeout)');
      expect(elapsed).to.be.within(450, 2000);
    }
    expect(fake.calls).to.deep.equal({ ping: 1, execute: 1 });
  });

  it('retries a refused connection with backoff, then names the address; any method, since nothing was sent', async () => {
    await startAgent();
    const manager = await cluster.boot({ role: 'manager', config: { retries: 2, callTimeout: 10 } });
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const rpc = manager.directory.connect(nobody);
    for (const call of [
      () => rpc.ping(),
      () => rpc.execute('k-1', { mode: 'query', runId: 'r', code: '' }),
    ]) {
      const started = Date.now();
      const failure = await tesseraFailure(call());
      expect(Date.now() - started).to.be.below(2000);
      expect(failure.code).to.equal('agent-unreachable');
      expect(failure.message).to.contain(nobody).and.contain('ECONNREFUSED');
      expect(failure.details).to.include({ address: nobody, attempts: 3, sent: false });
    }
  });

  it('reaches an agent again after it restarted on the same address (stale pooled connections)', async () => {
    await startAgent();
    const port = new URL(serving.url).port;
    const rpc = await managerClient();
    expect(await rpc.ping()).to.deep.equal({ agentId: 'i-fake-agent' });
    await serving.close();
    expect(await tesseraFailure(rpc.ping())).to.include({ code: 'agent-unreachable' });
    const restarted = new FakeAgent('i-restarted');
    serving = (await agent.directory.serve(`http://127.0.0.1:${port}`, restarted)) as HttpRpcServing;
    expect(await rpc.ping()).to.deep.equal({ agentId: 'i-restarted' });
  });
});
