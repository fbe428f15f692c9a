import { expect } from 'chai';
import {
  bootManager,
  eventually,
  sdkClient,
  sdkFailure,
  type ManagerDeployment,
} from './support/manager-deployment';

describe('manager with the official JS SDK (backend.ai-client)', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  it('answers GET / without authentication, with the Server header', async () => {
    const response = await fetch(`${deployment.endpoint}/`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('server')).to.equal('BackendAI');
    expect(await response.json()).to.deep.equal({ version: 'v9.20250722', manager: '0.1.0' });
  });

  it('answers GET /v<major> with the latest revision and 404 for an unknown major', async () => {
    expect(await (await fetch(`${deployment.endpoint}/v4`)).json()).to.deep.equal({ version: 'v4.20190615' });
    const unknown = await fetch(`${deployment.endpoint}/v42`);
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(((await unknown.json()) as { type: string }).type).to.equal(
      'https://api.backend.ai/probs/url-not-found',
    );
  });

  it('get_manager_version learns the manager and API versions and switches to /session', async () => {
    const client = sdkClient(deployment.endpoint);
    expect(await client.get_manager_version()).to.equal('0.1.0');
    expect(client.kernelPrefix).to.equal('/session');
  });

  it('createIfNotExists with enqueueOnly answers 201 PENDING at once, then the scheduler places it', async () => {
    const client = sdkClient(deployment.endpoint);
    await client.get_manager_version();
    const created = await client.createIfNotExists('python', 'sdk-enqueued', { enqueueOnly: true });
    expect(created).to.deep.include({
      sessId: 'sdk-enqueued',
      sessionName: 'sdk-enqueued',
      status: 'PENDING',
      created: true,
      servicePorts: [],
    });
    expect(created['sessionId']).to.match(/^[0-9a-f-]{36}$/);
    await eventually(
      () => deployment.agent.created.some((specs) => specs[0]!.sessionName === 'sdk-enqueued'),
      'createKernels on the agent',
    );
    await eventually(
      async () => (await deployment.db.sessions.get(created['sessionId'] as string))?.status === 'RUNNING',
      'the session to run',
    );
  });

  it('reuses a live session of the same name (200, created false)', async () => {
    const client = sdkClient(deployment.endpoint);
    await client.get_manager_version();
    const again = await client.createIfNotExists('python', 'sdk-enqueued', { enqueueOnly: true });
    expect(again).to.deep.include({ sessId: 'sdk-enqueued', created: false });
  });

  it('refuses a client with the wrong secret key with 401 auth-failed', async () => {
    const client = sdkClient(deployment.endpoint, 'not-the-secret');
    await client.get_manager_version();
    const failure = await sdkFailure(
      client.createIfNotExists('python', 'never-created', { enqueueOnly: true }),
    );
    expect(failure.statusCode).to.equal(401);
    expect(failure.title).to.match(/401 Unauthorized - Authentication failed: the signature does not match/);
    expect(await deployment.db.sessions.findActiveByName('AKIAIOSFODNN7EXAMPLE', 'never-created')).to.equal(
      null,
    );
  });

  it('an old-style client that never asked the version uses /kernel/create and still works', async () => {
    const client = sdkClient(deployment.endpoint);
    expect(client.kernelPrefix).to.equal('/kernel');
    const created = await client.createIfNotExists('python', 'legacy-kernel', { enqueueOnly: true });
    expect(created).to.deep.include({ sessId: 'legacy-kernel', created: true });
  });

  it('creates a session and waits until it runs, executes code, and destroys it', async () => {
    const client = sdkClient(deployment.endpoint);
    await client.get_manager_version();
    const created = await client.createIfNotExists('python:3.12-ubuntu24.04', 'sdk-full', {
      cpu: 1,
      mem: '1g',
    });
    expect(created).to.deep.include({ sessId: 'sdk-full', status: 'RUNNING', created: true });
    expect(created['servicePorts']).to.deep.equal([
      {
        name: 'jupyter',
        protocol: 'http',
        container_ports: [8090],
        host_ports: [30001],
        is_inference: false,
      },
    ]);

    const info = await client.get_info('sdk-full');
    expect(info).to.deep.include({
      sessionName: 'sdk-full',
      status: 'RUNNING',
      image: 'cr.backend.ai/stable/python:3.12-ubuntu24.04',
    });
    expect(info['requestedSlots']).to.deep.equal({ cpu: '1', mem: '1073741824' });

    const run = await client.execute('sdk-full', 'run-0001', 'query', 'print(42)');
    expect(run.result).to.deep.include({ runId: 'run-0001', status: 'finished', exitCode: 0 });
    expect(run.result['console']).to.deep.equal([['stdout', 'ran: print(42)\n']]);

    await client.destroy('sdk-full');
    const session = await deployment.db.sessions.get(created['sessionId'] as string);
    expect(session?.status).to.equal('TERMINATED');
    expect(session?.statusInfo).to.equal('user-requested');
    const missing = await sdkFailure(client.get_info('sdk-full'));
    expect(missing.statusCode).to.equal(404);
  });

  it('names the unknown image and lists the known ones in a 404', async () => {
    const client = sdkClient(deployment.endpoint);
    await client.get_manager_version();
    const failure = await sdkFailure(
      client.createIfNotExists('cobol', 'no-such-image', { enqueueOnly: true }),
    );
    expect(failure.statusCode).to.equal(404);
    expect(failure.title).to.include('Unknown image "cobol"');
    expect(failure.title).to.include('cr.backend.ai/stable/python:3.12-ubuntu24.04');
  });
});
