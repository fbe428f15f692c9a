import { expect } from 'chai';
import {
  ApiConfig,
  BackendAPIError,
  BackendClientError,
  Client,
  type ConsoleItem,
  type SessionEvent,
} from '@tessera/client';
import type { ExecutionResult } from '@tessera/core';
import {
  ALICE,
  BOB,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  statusReached,
  type Caller,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { USER_API_FEATURES } from './support/user-api-features';

function clientFor(deployment: ManagerDeployment, caller: Caller): Client {
  return new Client(
    new ApiConfig({
      endpoints: [deployment.endpoint],
      accessKey: caller.accessKey,
      secretKey: caller.secretKey,
    }),
  );
}

async function apiError(call: Promise<unknown>): Promise<BackendAPIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof BackendAPIError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

/** @tessera/client against a booted manager with every user-API feature plugin. */
describe('@tessera/client: the user API against a booted manager', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let alice: Client;
  let bob: Client;
  let sessionId: string;

  before(async () => {
    deployment = await bootGraphQLManager({ features: USER_API_FEATURES });
    alice = clientFor(deployment, ALICE);
    bob = clientFor(deployment, BOB);
    sessionId = await createSession(deployment, ALICE, 'sdk-main');
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  after(async () => {
    deployment.agent.removeWorkFolders();
    await deployment.stop();
  });

  it('reads a session, its status history, its logs, and matches it by prefix', async () => {
    const info = await alice.getSession('sdk-main');
    expect(info).to.include({ sessionId, sessionName: 'sdk-main', status: 'RUNNING' });
    const history = await alice.statusHistory('sdk-main');
    expect(history).to.include.keys(['PENDING', 'SCHEDULED', 'RUNNING']);
    expect(Date.parse(history.RUNNING!)).to.be.at.least(Date.parse(history.PENDING!));
    expect(await alice.getLogs('sdk-main')).to.match(/^log of /);
    expect(await alice.matchSessions('sdk-m')).to.deep.equal([
      { id: sessionId, name: 'sdk-main', status: 'RUNNING' },
    ]);
  });

  it('lists sessions through GraphQL compute_session_list with status filters and chosen fields', async () => {
    const running = await alice.listSessions({
      status: ['RUNNING'],
      fields: ['id', 'name', 'status', 'occupied_slots'],
    });
    expect(running.total_count).to.equal(1);
    expect(running.items[0]).to.include({ id: sessionId, name: 'sdk-main', status: 'RUNNING' });
    expect(JSON.parse(String(running.items[0]!.occupied_slots))).to.have.property('cpu');
    expect((await alice.listSessions({ status: 'TERMINATED' })).items).to.deep.equal([]);
    expect((await bob.listSessions({})).items.map((item) => item.id)).to.not.include(sessionId);
    const bad = await apiError(alice.listSessions({ status: 'SLEEPING' }));
    expect(bad.problemSlug).to.equal('graphql-error');
    expect(bad.message).to.include('SLEEPING');
  });

  it('uploads, lists, downloads (tar and single) and completes, reporting progress', async () => {
    const progress: Array<[number, number | null]> = [];
    await alice.upload(
      'sdk-main',
      [
        { name: 'data/a.txt', content: 'alpha\n' },
        { name: 'b.txt', content: Buffer.from('bravo!\n') },
      ],
      { onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(progress).to.deep.equal([[13, 13]]);
    const listing = await alice.listFiles('sdk-main', 'data');
    expect(listing.path).to.equal('/home/work/data');
    expect(listing.files.map((file) => [file.filename, file.size])).to.deep.equal([['a.txt', 6]]);
    const downloaded: number[] = [];
    const archives = await alice.download('sdk-main', ['data', 'b.txt'], {
      onProgress: (done) => downloaded.push(done),
    });
    expect(archives).to.have.length(2);
    const files = archives.flat().filter((entry) => entry.type === 'file');
    expect(files.map((entry) => [entry.path, entry.content.toString()])).to.deep.equal([
      ['data/a.txt', 'alpha\n'],
      ['b.txt', 'bravo!\n'],
    ]);
    expect(downloaded.length).to.be.greaterThan(0);
    expect((await alice.downloadSingle('sdk-main', 'b.txt')).toString()).to.equal('bravo!\n');
    expect(await alice.complete('sdk-main', 'pri')).to.be.an('array');
  });

  it('renames and interrupts a session; another user gets session-not-found for all of it', async () => {
    const id = await createSession(deployment, ALICE, 'sdk-rename');
    await statusReached(deployment, id, 'RUNNING');
    for (const call of [
      bob.getSession('sdk-rename'),
      bob.renameSession('sdk-rename', 'stolen'),
      bob.interrupt('sdk-rename'),
      bob.statusHistory('sdk-rename'),
      bob.listFiles('sdk-rename'),
      bob.streamExecute('sdk-rename', { mode: 'query', code: 'x' }),
    ]) {
      const refused = await apiError(call);
      expect(refused.status).to.equal(404);
      expect(refused.problemSlug).to.equal('session-not-found');
    }
    await alice.renameSession('sdk-rename', 'sdk-renamed');
    expect(await alice.getSession('sdk-renamed')).to.include({ sessionId: id });
    await alice.interrupt('sdk-renamed');
    await eventually(() => deployment.agent.interrupted.length > 0, 'the agent to be asked to interrupt');
  });

  it('streams an execute run over the signed WebSocket, answering input', async () => {
    const agent = deployment.agent;
    const original = agent.execute.bind(agent);
    const script: Array<Omit<ExecutionResult, 'runId'>> = [
      { status: 'continued', console: [['stdout', 'tick\n']], exitCode: null, options: null, files: [] },
      {
        status: 'waiting-input',
        console: [['stdout', 'name? ']],
        exitCode: null,
        options: { is_password: false },
        files: [],
      },
      { status: 'finished', console: [['stdout', 'hi Ann\n']], exitCode: 0, options: null, files: [] },
    ];
    const inputs: string[] = [];
    agent.execute = async (kernelId, request) => {
      agent.executed.push({ kernelId, request });
      if (request.mode === 'input') inputs.push(request.code);
      return { runId: request.runId, ...script.shift()! };
    };
    try {
      const output: ConsoleItem[] = [];
      const outcome = await alice.streamRunCode('sdk-main', 'main()', {
        onOutput: (item) => output.push(item),
        onInput: () => 'Ann',
      });
      expect(outcome).to.include({ status: 'finished', exitCode: 0 });
      expect(output).to.deep.equal([
        ['stdout', 'tick\n'],
        ['stdout', 'name? '],
        ['stdout', 'hi Ann\n'],
      ]);
      expect(inputs).to.deep.equal(['Ann']);
    } finally {
      agent.execute = original;
    }
    const stream = await alice.streamExecute('sdk-main', { mode: 'query', code: 'print(1)' });
    const results = [];
    for await (const result of stream) results.push(result);
    expect(results).to.deep.equal([
      { status: 'finished', console: [['stdout', 'ran: print(1)\n']], exitCode: 0, options: null, files: [] },
    ]);
  });

  it("follows a session's events from enqueue to termination, and refuses another user's owner key", async () => {
    const abort = new AbortController();
    const seen: SessionEvent[] = [];
    // The first keep-alive comment (every second here) says the stream is open.
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const events = alice.sessionEvents({
      sessionName: 'sdk-events',
      signal: abort.signal,
      onComment: () => opened(),
    });
    const reading = (async () => {
      for await (const event of events) {
        seen.push(event);
        if (event.event === 'session_terminated') return;
      }
    })();
    await open;
    await createSession(deployment, ALICE, 'sdk-events');
    const created = await alice.getSession('sdk-events');
    await statusReached(deployment, String(created.sessionId), 'RUNNING');
    await alice.destroySession('sdk-events');
    await reading;
    abort.abort();
    const names = seen.map((event) => event.event);
    expect(names).to.include.members(['session_started', 'session_terminated']);
    expect(seen.every((event) => event.data.sessionName === 'sdk-events')).to.equal(true);
    expect(seen[0]!.id).to.match(/\./);

    const refused = await apiError(
      (async () => {
        for await (const event of bob.sessionEvents({ ownerAccessKey: ALICE.accessKey })) void event;
      })(),
    );
    expect(refused.status).to.equal(403);
  });

  it('reads resource slots, presets, check-presets, scaling groups and the manager status', async () => {
    expect(await alice.resourceSlots()).to.include({ cpu: 'count', mem: 'bytes' });
    expect(await alice.resourcePresets()).to.be.an('array');
    const check = await clientFor(deployment, SUPERADMIN).checkPresets();
    expect(check).to.have.property('keypair_limits');
    expect(await alice.scalingGroups('default')).to.deep.include({ name: 'default' });
    expect(await alice.managerStatus()).to.include({ status: 'running' });
    const notAdmin = await apiError(alice.setManagerStatus('frozen'));
    expect(notAdmin.status).to.equal(403);
  });

  it('names the manager when a stream cannot connect', async () => {
    const offline = new Client(
      new ApiConfig({
        endpoints: ['http://127.0.0.1:1'],
        accessKey: ALICE.accessKey,
        secretKey: ALICE.secretKey,
      }),
    );
    for (const call of [
      offline.streamExecute('x', { mode: 'query', code: '' }),
      offline.sessionEvents().next(),
    ]) {
      const failure = await call.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(BackendClientError);
      expect((failure as BackendClientError).message).to.include(
        'cannot reach the manager at http://127.0.0.1:1',
      );
    }
  });
});
