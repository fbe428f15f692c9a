import { expect } from 'chai';
import { ApiConfig, BackendAPIError, BackendClientError, Client, type ConsoleItem } from '@tessera/client';
import { closedPort, ManagerStandIn, type StandInHandler } from './support/manager-stand-in';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('Client against a local HTTP stand-in', () => {
  const standIns: ManagerStandIn[] = [];
  async function standIn(handler: StandInHandler): Promise<{ server: ManagerStandIn; endpoint: string }> {
    const server = new ManagerStandIn(handler);
    standIns.push(server);
    return { server, endpoint: await server.start() };
  }
  function client(
    endpoints: string[],
    extra: Partial<ConstructorParameters<typeof ApiConfig>[0]> = {},
  ): Client {
    return new Client(new ApiConfig({ endpoints, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, ...extra }));
  }
  afterEach(async () => {
    await Promise.all(standIns.splice(0).map((server) => server.stop()));
  });

  it('asks GET / for the version without signing', async () => {
    const { server, endpoint } = await standIn(() => ({
      status: 200,
      body: { version: 'v9.20250722', manager: '0.1.0' },
    }));
    expect(await client([endpoint]).version()).to.deep.equal({ version: 'v9.20250722', manager: '0.1.0' });
    expect(server.requests[0]).to.include({ method: 'GET', path: '/', signatureValid: null });
  });

  it('creates a session with a request the upstream algorithm verifies', async () => {
    const { server, endpoint } = await standIn(() => ({
      status: 201,
      body: { sessId: 'my-sess', status: 'RUNNING', servicePorts: [], created: true },
    }));
    const created = await client([endpoint], { group: 'vision', domain: 'research' }).createSession({
      image: 'python:3.11',
      name: 'my-sess',
      resources: { cpu: '2', mem: '4g' },
      env: { MYCONFIG: 'XXX' },
      enqueueOnly: false,
      maxWaitSeconds: 30,
      reuseIfExists: false,
      type: 'batch',
      startupCommand: 'python main.py',
      tag: 'nightly',
    });
    expect(created).to.include({ sessId: 'my-sess', status: 'RUNNING', created: true });
    const request = server.requests[0];
    expect(request).to.include({
      method: 'POST',
      path: '/session',
      signatureValid: true,
      accessKey: ACCESS_KEY,
    });
    expect(request.headers.date).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(request.headers['x-backendai-date']).to.equal(request.headers.date);
    expect(request.headers['x-backendai-version']).to.equal('v9.20250722');
    expect(request.json).to.deep.equal({
      image: 'python:3.11',
      clientSessionToken: 'my-sess',
      enqueueOnly: false,
      maxWaitSeconds: 30,
      reuseIfExists: false,
      type: 'batch',
      group: 'vision',
      domain: 'research',
      startupCommand: 'python main.py',
      tag: 'nightly',
      config: { resources: { cpu: '2', mem: '4g' }, environ: { MYCONFIG: 'XXX' } },
    });
  });

  it('sends cluster, dependencies, start time, bootstrap script and callback URL as upstream names them', async () => {
    const { server, endpoint } = await standIn(() => ({
      status: 201,
      body: { sessId: 'later', status: 'PENDING', servicePorts: [], created: true },
    }));
    await client([endpoint]).createSession({
      image: 'python',
      name: 'later',
      type: 'batch',
      clusterSize: 2,
      clusterMode: 'multi-node',
      dependencies: ['first'],
      startsAt: new Date('2026-03-01T09:00:00Z'),
      bootstrapScript: 'echo boot\n',
      callbackUrl: 'http://127.0.0.1:9/hook',
    });
    expect(server.requests[0]!.json).to.deep.include({
      clusterMode: 'multi-node',
      dependencies: ['first'],
      startsAt: '2026-03-01T09:00:00.000Z',
      bootstrapScript: 'echo boot\n',
      callbackUrl: 'http://127.0.0.1:9/hook',
      config: { clusterSize: 2 },
    });
  });

  it('encodes session names in paths and signs the encoded path', async () => {
    const { server, endpoint } = await standIn(() => ({ status: 204 }));
    expect(await client([endpoint]).destroySession('odd name/1', { forced: true })).to.equal(undefined);
    expect(server.requests[0]).to.include({
      method: 'DELETE',
      path: '/session/odd%20name%2F1?forced=true',
      signatureValid: true,
    });
  });

  it('runs code to the end, sending continue and input calls', async () => {
    const answers = [
      { status: 'continued', console: [['stdout', 'Tick 1\n']] },
      { status: 'waiting-input', console: [['stdout', 'name? ']], options: { is_password: false } },
      { status: 'finished', console: [['stdout', 'hi Ann\n']], exitCode: 0 },
    ];
    const { server, endpoint } = await standIn((request) => {
      const body = request.json as { runId: string };
      return {
        status: 200,
        body: { result: { runId: body.runId, exitCode: null, options: null, files: [], ...answers.shift() } },
      };
    });
    const output: ConsoleItem[] = [];
    const outcome = await client([endpoint]).runCode('s1', 'main()', {
      onOutput: (item) => output.push(item),
      onInput: () => 'Ann',
    });
    expect(outcome).to.include({ status: 'finished', exitCode: 0 });
    expect(output.map(([, text]) => text).join('')).to.equal('Tick 1\nname? hi Ann\n');
    expect(server.requests.map((request) => (request.json as { mode: string }).mode)).to.deep.equal([
      'query',
      'continue',
      'input',
    ]);
    expect(
      server.requests.every((request) => request.path === '/session/s1' && request.signatureValid),
    ).to.equal(true);
    expect((server.requests[2].json as { code: string }).code).to.equal('Ann');
  });

  it('uploads files as multipart/form-data, signed with that content type', async () => {
    const { server, endpoint } = await standIn(() => ({ status: 204 }));
    await client([endpoint]).upload('s1', [
      { name: 'main.c', content: 'int main(void) { return 0; }\n' },
      { name: 'lib/util.h', content: Buffer.from('#pragma once\n') },
    ]);
    const request = server.requests[0];
    expect(request).to.include({ path: '/session/s1/upload', signatureValid: true });
    expect(request.headers['content-type']).to.match(/^multipart\/form-data; boundary=/);
    const body = request.rawBody.toString('utf8');
    expect(body).to.include('name="src"; filename="main.c"').and.include('int main(void)');
    expect(body).to.include('filename="lib/util.h"').and.include('#pragma once');
  });

  it('turns problem+json into BackendAPIError', async () => {
    const { endpoint } = await standIn(() => ({
      status: 401,
      contentType: 'application/problem+json',
      body: {
        type: 'https://api.backend.ai/probs/auth-failed',
        title: 'Authentication failed',
        detail: 'signature mismatch',
      },
    }));
    const error = await client([endpoint])
      .getSession('s1')
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(BackendAPIError);
    expect(error).to.include({
      status: 401,
      type: 'https://api.backend.ai/probs/auth-failed',
      title: 'Authentication failed',
    });
    const apiError = error as BackendAPIError;
    expect(apiError.problemSlug).to.equal('auth-failed');
    expect(apiError.data).to.include({ detail: 'signature mismatch' });
    expect(apiError.message).to.equal('Authentication failed: signature mismatch (HTTP 401)');
    expect(apiError.message).to.not.include(SECRET_KEY);
  });

  it('reports an answer that is not problem+json with its status and an excerpt', async () => {
    const { endpoint } = await standIn(() => ({
      status: 502,
      contentType: 'text/html',
      body: '<h1>Bad gateway</h1>',
    }));
    const error = (await client([endpoint])
      .version()
      .catch((caught: unknown) => caught)) as BackendAPIError;
    expect(error).to.be.instanceOf(BackendAPIError);
    expect(error.status).to.equal(502);
    expect(error.title).to.equal('Bad Gateway');
    expect(error.data.detail).to.include('Bad gateway');
  });

  it('names the endpoint when the connection is refused', async () => {
    const port = await closedPort();
    const error = await client([`http://127.0.0.1:${port}`])
      .version()
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(BackendClientError).with.property('reason', 'connection-refused');
    expect((error as Error).message).to.equal(
      `cannot reach the manager at http://127.0.0.1:${port} (connection refused)`,
    );
  });

  it('fails over to the next endpoint and stays there', async () => {
    const port = await closedPort();
    const { server, endpoint } = await standIn(() => ({ status: 200, body: { version: 'v9.20250722' } }));
    const failingOver = client([`http://127.0.0.1:${port}`, endpoint]);
    await failingOver.version();
    expect(failingOver.endpoint.href).to.equal(`${endpoint}/`);
    await failingOver.getSession('s1').catch(() => undefined);
    expect(server.requests.map((request) => request.path)).to.deep.equal(['/', '/session/s1']);
    expect(server.requests[1].signatureValid, 'signed for the endpoint it reached').to.equal(true);

    const allDown = client([`http://127.0.0.1:${port}`, `http://127.0.0.1:${await closedPort()}`]);
    const error = await allDown.version().catch((caught: unknown) => caught);
    expect((error as Error).message).to.match(
      /^cannot reach the manager at http:\/\/127\.0\.0\.1:\d+, http:\/\/127\.0\.0\.1:\d+ \(connection refused\)$/,
    );
  });

  it('gives up after the read timeout and does not repeat the request elsewhere', async () => {
    const slow = await standIn(() => ({ status: 200, hang: true }));
    const spare = await standIn(() => ({ status: 200, body: { version: 'v9.20250722' } }));
    const began = Date.now();
    const error = await client([slow.endpoint, spare.endpoint], { readTimeout: 0.3 })
      .createSession({ image: 'python' })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(BackendClientError).with.property('reason', 'read-timeout');
    expect(Date.now() - began).to.be.within(250, 3000);
    expect(spare.server.requests).to.have.length(0);
  });

  it('sends anonymous requests unsigned when the access key is empty', async () => {
    const { server, endpoint } = await standIn(() => ({ status: 200, body: {} }));
    await new Client(new ApiConfig({ endpoints: [endpoint], accessKey: '', secretKey: '' })).getSession('s1');
    expect(server.requests[0].signatureValid).to.equal(null);
  });
});
