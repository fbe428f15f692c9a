import { expect } from 'chai';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import {
  ALICE,
  BOB,
  DOMAIN_ADMIN,
  LAB_ADMIN,
  SUPERADMIN,
  bootEventsManager,
  type Caller,
  eventually,
  logsNamed,
  openStream,
  runSession,
  terminateSession,
} from './support/events-deployment';
import { refusal, type ReceivedEvent, type SseClient } from './support/sse-client';

const namesFor = (events: ReceivedEvent[], sessionId: string) =>
  events.filter((event) => event.json['sessionId'] === sessionId).map((event) => event.event);

describe('manager-events: GET /events/session', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  const clients: SseClient[] = [];
  let stopped = false;
  const open = async (caller: Caller, path: string, headers: Record<string, string> = {}) => {
    const client = await openStream(deployment, caller, path, headers);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    deployment = await bootEventsManager({ keepAliveInterval: 0.05 });
    stopped = false;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    if (!stopped) await deployment?.stop();
  });

  it("streams a session's lifecycle in order, with upstream's data fields, to a stream opened before it was created", async () => {
    const stream = await open(ALICE, '/events/session?sessionName=life');
    const id = await runSession(deployment, ALICE, 'life');
    await stream.next('session_started');
    await terminateSession(deployment, ALICE, 'life');
    const terminated = await stream.next('session_terminated');

    const seen = namesFor(stream.events, id);
    const order = [
      'session_enqueued',
      'session_scheduled',
      'kernel_preparing',
      'kernel_creating',
      'session_creating',
      'kernel_started',
      'session_started',
      'session_terminating',
      'kernel_terminated',
      'session_terminated',
    ];
    expect(seen.filter((name) => order.includes(name))).to.deep.equal(order);
    expect(seen).to.include('session_preparing');
    expect(seen.indexOf('session_preparing')).to.be.above(seen.indexOf('session_scheduled'));
    expect(seen.indexOf('session_preparing')).to.be.below(seen.indexOf('session_started'));

    const session = (await deployment.db.sessions.get(id))!;
    const mainKernel = session.kernels[0]!;
    expect(stream.events.find((event) => event.event === 'session_enqueued')!.json).to.deep.equal({
      reason: '',
      sessionName: 'life',
      ownerAccessKey: ALICE.accessKey,
      sessionId: id,
      exitCode: null,
      kernelId: mainKernel.id,
    });
    expect(stream.events.find((event) => event.event === 'kernel_started')!.json).to.include({
      sessionName: 'life',
      sessionId: id,
      kernelId: mainKernel.id,
      clusterRole: 'main',
      clusterIdx: mainKernel.clusterIdx,
    });
    expect(terminated.json).to.include({
      sessionId: id,
      ownerAccessKey: ALICE.accessKey,
      result: 'UNDEFINED',
    });
    expect(terminated.json['reason']).to.be.a('string').and.not.equal('');
    expect(stream.events.find((event) => event.event === 'kernel_terminated')!.json['exitCode']).to.equal(0);
    // Every event has an id, increasing along the stream.
    const numbers = stream.events.map((event) => Number(event.id!.split('.')[1]));
    expect(numbers).to.deep.equal([...numbers].sort((a, b) => a - b));
    expect(new Set(stream.events.map((event) => event.id)).size).to.equal(stream.events.length);
  });

  it("shows a user only their own sessions, and refuses another user's ownerAccessKey", async () => {
    const alice = await open(ALICE, '/events/session?sessionId=*');
    const bobId = await runSession(deployment, BOB, 'bobs');
    const aliceId = await runSession(deployment, ALICE, 'alices');
    await alice.next('session_started', (event) => event.json['sessionId'] === aliceId);
    // Bob's session ran first: had Alice's stream been sent its events, they would be here by now.
    expect(alice.events.filter((event) => event.json['sessionId'] === bobId)).to.deep.equal([]);
    expect(alice.events.every((event) => event.json['ownerAccessKey'] === ALICE.accessKey)).to.equal(true);

    const refused = await refusal(open(ALICE, `/events/session?ownerAccessKey=${BOB.accessKey}`));
    expect(refused.status).to.equal(403);
    expect(refused.problem['type']).to.match(/forbidden$/);
    // The Python SDK's spelling of the parameter is checked the same way.
    expect((await refusal(open(ALICE, `/events/session?owner_access_key=${BOB.accessKey}`))).status).to.equal(
      403,
    );
  });

  it('lets a domain admin follow a user of its domain by ownerAccessKey, but not one of another domain', async () => {
    const admin = await open(DOMAIN_ADMIN, `/events/session?ownerAccessKey=${ALICE.accessKey}`);
    const everyone = await open(SUPERADMIN, '/events/session');
    const bobId = await runSession(deployment, BOB, 'bobs');
    const aliceId = await runSession(deployment, ALICE, 'alices');
    await admin.next('session_started', (event) => event.json['sessionId'] === aliceId);
    expect(admin.events.some((event) => event.json['sessionId'] === bobId)).to.equal(false);
    await everyone.next('session_started', (event) => event.json['sessionId'] === aliceId);
    expect(everyone.events.some((event) => event.json['sessionId'] === bobId)).to.equal(true);

    const refused = await refusal(open(LAB_ADMIN, `/events/session?ownerAccessKey=${ALICE.accessKey}`));
    expect(refused.status).to.equal(400);
    expect(refused.body).to.contain(ALICE.accessKey);
  });

  it('filters by session name, by project and by scope', async () => {
    const byName = await open(ALICE, '/events/session?sessionName=second');
    const byGroup = await open(ALICE, '/events/session?group=research');
    const kernelsOnly = await open(ALICE, '/events/session?scope=kernel');
    const firstId = await runSession(deployment, ALICE, 'first');
    const secondId = await runSession(deployment, ALICE, 'second', { group: 'research' });
    await byName.next('session_started', (event) => event.json['sessionId'] === secondId);
    await byGroup.next('session_started', (event) => event.json['sessionId'] === secondId);
    await kernelsOnly.next('kernel_started', (event) => event.json['sessionId'] === secondId);
    for (const stream of [byName, byGroup]) {
      expect(stream.events.some((event) => event.json['sessionId'] === firstId)).to.equal(false);
      expect(stream.events.every((event) => event.json['sessionName'] === 'second')).to.equal(true);
    }
    expect(kernelsOnly.events.every((event) => event.event.startsWith('kernel_'))).to.equal(true);
    expect(namesFor(kernelsOnly.events, firstId)).to.include('kernel_started');

    const badScope = await refusal(open(ALICE, '/events/session?scope=agent'));
    expect(badScope.status).to.equal(400);
    expect(badScope.body).to.contain('scope');
  });

  it('resumes after Last-Event-ID with the events the client missed, and says when they are gone', async () => {
    const first = await open(ALICE, '/events/session');
    await runSession(deployment, ALICE, 'before');
    const started = await first.next('session_started');
    first.close();
    const missedId = await runSession(deployment, ALICE, 'missed');

    const resumed = await open(ALICE, '/events/session', { 'Last-Event-ID': started.id! });
    await resumed.next('session_started', (event) => event.json['sessionId'] === missedId);
    const replayed = namesFor(resumed.events, missedId);
    expect(replayed[0]).to.equal('session_enqueued');
    expect(replayed).to.include.members(['session_scheduled', 'kernel_started', 'session_started']);
    expect(resumed.comments.some((comment) => comment.includes('not resumable'))).to.equal(false);
    // Events already seen are not sent again.
    expect(resumed.events.some((event) => event.id === started.id)).to.equal(false);

    const stranger = await open(ALICE, '/events/session', { 'Last-Event-ID': 'elsewhere.12' });
    await stranger.until(
      () => stranger.comments.some((comment) => comment.includes('not resumable')),
      'the note',
    );
  });

  it('tells a client that resumes from beyond the ring that events were lost', async () => {
    await deployment.stop();
    deployment = await bootEventsManager({ sessionEventBuffer: 3 });
    const first = await open(ALICE, '/events/session');
    await runSession(deployment, ALICE, 'first-one');
    const early = await first.next('session_enqueued');
    first.close();
    const laterId = await runSession(deployment, ALICE, 'second-two');
    const resumed = await open(ALICE, '/events/session', { 'Last-Event-ID': early.id! });
    await resumed.next('session_started', (event) => event.json['sessionId'] === laterId);
    expect(resumed.comments.some((comment) => comment.includes('not resumable'))).to.equal(true);
  });

  it("sees every anycast kernel event, even those another manager of the 'manager' group takes", async () => {
    const id = await runSession(deployment, ALICE, 'shared');
    const kernelId = (await deployment.db.sessions.get(id))!.kernels[0]!.id;
    // A second manager process: in the 'manager' consumer group it takes every other kernel_pulling.
    const taken: string[] = [];
    const other = await deployment.bus.subscribe('kernel_pulling', 'manager', (event) => {
      taken.push(event.payload.image);
    });
    try {
      const stream = await open(ALICE, `/events/session?sessionId=${id}&scope=kernel`);
      for (const image of ['python:1', 'python:2', 'python:3', 'python:4'])
        await deployment.bus.publish('kernel_pulling', { kernelId, sessionId: id, image }, 'agent-test');
      await stream.until(
        (events) => events.filter((event) => event.event === 'kernel_pulling').length === 4,
        'all four kernel_pulling events',
      );
      expect(taken.length).to.be.within(1, 3);
    } finally {
      await other.unsubscribe();
    }
  });

  it('sends keep-alive comments, and frees its listener when the client disconnects', async () => {
    const stream = await open(ALICE, '/events/session');
    await stream.until(() => stream.comments.includes('ping'), 'a keep-alive comment');
    const opened = logsNamed(deployment, 'session event stream opened').length;
    expect(opened).to.equal(1);
    stream.close();
    const closed = await eventually(
      () => logsNamed(deployment, 'session event stream closed')[0] ?? false,
      'the stream to be closed on the server',
    );
    expect(closed).to.include({ sessionStreams: 0, openStreams: 0 });
  });

  it('ends open streams when the manager stops', async () => {
    const stream = await open(ALICE, '/events/session');
    await stream.until(() => stream.comments.includes('ping'), 'a keep-alive comment');
    stopped = true;
    await deployment.stop();
    await stream.end();
    expect(stream.isEnded).to.equal(true);
  });
});
