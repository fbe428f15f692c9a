import { expect } from 'chai';
import {
  bootScheduling,
  eventually,
  sdkFailure,
  type SchedulingDeployment,
} from './support/embedded-scheduling';

describe('scheduling: session stages, cluster sessions and designated agents (embedded manager)', function () {
  this.timeout(20_000);
  let d: SchedulingDeployment;
  const statusOf = async (name: string) => (await d.session(name)).status;
  const running = (name: string) =>
    eventually(async () => (await statusOf(name)) === 'RUNNING', `${name} to run`);

  beforeEach(async () => {
    d = await bootScheduling();
  });
  afterEach(async () => {
    await d?.stop();
  });

  it('drives a session through SCHEDULED, PREPARING, PREPARED, CREATING and RUNNING, with history and typed events', async () => {
    const created = await d.client.createIfNotExists('python', 'staged', { maxWaitSeconds: 5 });
    expect(created['status']).to.equal('RUNNING');
    const session = await d.session('staged');
    const order = ['PENDING', 'SCHEDULED', 'PREPARING', 'PREPARED', 'CREATING', 'RUNNING'];
    expect(Object.keys(session.statusHistory)).to.include.members(order);
    const times = order.map((status) => Date.parse(session.statusHistory[status]!));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    await eventually(() => d.events.some((e) => e.name === 'session_started'), 'session_started');
    const mine = d.events.filter((e) => e.payload['sessionId'] === session.id).map((e) => e.name);
    expect(mine).to.include.members(['session_scheduled', 'session_preparing', 'session_started']);
    expect(mine.indexOf('session_scheduled')).to.be.lessThan(mine.indexOf('session_started'));
  });

  it('places a multi-node cluster kernel by kernel (main1, sub1, sub2) over both agents', async () => {
    const created = await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'trio',
      clusterSize: 3,
      cluster_mode: 'multi-node',
      enqueueOnly: true,
      config: { resources: { cpu: 2, mem: '1g' } },
    });
    expect(created['status']).to.equal('PENDING');
    await running('trio');
    const session = await d.session('trio');
    expect(session.kernels.map((k) => k.clusterHostname)).to.deep.equal(['main1', 'sub1', 'sub2']);
    expect(new Set(session.kernels.map((k) => k.agentId)).size).to.equal(2);
    expect(session.requestedSlots).to.deep.equal({ cpu: '6', mem: '3221225472' });
    const specs = [...d.agent.created.flat(), ...d.second.created.flat()];
    expect(specs.map((s) => s.environ['BACKENDAI_CLUSTER_HOST']).sort()).to.deep.equal([
      'main1',
      'sub1',
      'sub2',
    ]);
    expect(specs.every((s) => s.environ['BACKENDAI_CLUSTER_SIZE'] === '3')).to.equal(true);
  });

  it('ends the whole session when one of its kernels ends by itself, and returns every slot', async () => {
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'pair',
      clusterSize: 2,
      clusterMode: 'multi-node',
      enqueueOnly: true,
      config: { resources: { cpu: 3, mem: '1g' } },
    });
    await running('pair');
    const session = await d.session('pair');
    const sub = session.kernels.find((k) => k.clusterRole === 'sub')!;
    await d.bus.publish(
      'kernel_terminated',
      { kernelId: sub.id, sessionId: session.id, reason: 'self-terminated', exitCode: 1 },
      sub.agentId!,
    );
    await eventually(async () => (await statusOf('pair')) === 'TERMINATED', 'pair to end');
    const main = session.kernels.find((k) => k.clusterRole === 'main')!;
    const destroyed = [...d.agent.destroyed, ...d.second.destroyed];
    expect(destroyed).to.deep.include({ kernelId: main.id, reason: 'self-terminated' });
    for (const id of ['agent-test', 'agent-two']) {
      await eventually(
        async () => Object.values((await d.db.agents.get(id))!.occupiedSlots).every((v) => Number(v) === 0),
        `${id} to be empty`,
      );
    }
  });

  it('places a single-node cluster on one agent with the summed request', async () => {
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'duet',
      clusterSize: 2,
      enqueueOnly: true,
      config: { resources: { cpu: 2, mem: '1g' } },
    });
    await running('duet');
    const session = await d.session('duet');
    expect(new Set(session.kernels.map((k) => k.agentId)).size).to.equal(1);
    const agent = await d.db.agents.get(session.kernels[0]!.agentId!);
    expect(agent!.occupiedSlots).to.deep.equal({ cpu: '4', mem: '2147483648' });
  });

  it('honours an assigned agent, and keeps a session waiting for an assigned agent that is not there', async () => {
    await d.client.createIfNotExists('python', 'filler', { cpu: 1, enqueueOnly: true });
    await running('filler');
    const fuller = (await d.session('filler')).kernels[0]!.agentId!;
    const other = fuller === 'agent-test' ? 'agent-two' : 'agent-test';
    // concentrated would pick the fuller agent; the assignment wins.
    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'assigned',
      enqueueOnly: true,
      config: { resources: { cpu: 1 }, agentList: [other] },
    });
    await running('assigned');
    expect((await d.session('assigned')).kernels[0]!.agentId).to.equal(other);

    await d.signed('POST', '/session', {
      image: 'python',
      clientSessionToken: 'orphan',
      enqueueOnly: true,
      config: { agentList: ['agent-gone'] },
    });
    await eventually(
      async () => (await d.session('orphan')).statusInfo === 'no-available-instances',
      'orphan',
    );
    const scheduler = (await d.session('orphan')).statusData['scheduler'] as Record<string, unknown>;
    expect(scheduler['msg']).to.equal(
      'the designated agent agent-gone is not an ALIVE, schedulable agent of resource group "default"',
    );
  });

  it("refuses a cluster larger than the keypair policy's containers per session", async () => {
    const refused = await sdkFailure(
      d.signed('POST', '/session', {
        image: 'python',
        clientSessionToken: 'huge',
        clusterSize: 9,
        enqueueOnly: true,
      }),
    );
    expect(refused.statusCode).to.equal(400);
    expect(refused.title).to.include('at most 8 containers');
  });
});
