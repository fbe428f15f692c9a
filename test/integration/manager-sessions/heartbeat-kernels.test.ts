import { expect } from 'chai';
import type { SessionRecord } from '@tessera/core';
import {
  bootManager,
  eventually,
  sdkClient,
  type BackendAiClient,
  type ManagerDeployment,
} from '../manager/support/manager-deployment';

/**
 * Agents list the kernels they hold in every heartbeat. A kernel the manager believes RUNNING (or
 * TERMINATING) there, whose status changed before the previous heartbeat arrived, and that neither
 * that heartbeat nor this one lists, is gone without its end ever being reported: it ends in ERROR
 * / kernel-lost, its slots go back and its session ends. Kernels still being created are left alone.
 */
describe('manager-sessions: kernels an agent stops listing in its heartbeats', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;
  let client: BackendAiClient;

  const session = async (name: string): Promise<SessionRecord> => {
    const all = await deployment.db.sessions.listByStatus([
      'SCHEDULED',
      'PREPARING',
      'CREATING',
      'RUNNING',
      'TERMINATING',
      'TERMINATED',
      'ERROR',
    ]);
    const found = all.find((s) => s.name === name);
    if (!found) throw new Error(`no session ${name}`);
    return found;
  };
  const reaching = async (name: string, status: string): Promise<SessionRecord> =>
    eventually(async () => {
      const found = await session(name).catch(() => null);
      return found?.status === status ? found : false;
    }, `${name} to be ${status}`);
  const running = async (name: string): Promise<SessionRecord> => {
    await client.createIfNotExists('python', name, { enqueueOnly: true });
    return reaching(name, 'RUNNING');
  };
  /** One heartbeat, handled (and whatever it set off). */
  const beat = async () => {
    await deployment.agent.heartbeat();
    await deployment.bus.drain();
  };
  /** The clock has moved past `at`, so a heartbeat now is received after it. */
  const past = (at: Date) => eventually(() => Date.now() > at.getTime(), 'the clock to move on');
  const occupied = async () =>
    Object.fromEntries(
      Object.entries((await deployment.db.agents.get(deployment.agent.agentId))!.occupiedSlots).filter(
        ([, v]) => Number(v) !== 0,
      ),
    );

  beforeEach(async () => {
    deployment = await bootManager();
    deployment.agent.listsKernels = true;
    client = sdkClient(deployment.endpoint);
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  it('ends a RUNNING kernel missing from two heartbeats in a row (ERROR, kernel-lost), frees its slots, keeps the listed', async () => {
    const kept = await running('kept');
    const lost = await running('lost');
    const kernel = lost.kernels[0]!;
    await past(kernel.statusChanged);
    await beat();
    expect(await occupied()).to.deep.equal({ cpu: '2', mem: '2147483648' });

    deployment.agent.held.delete(kernel.id);
    await beat();
    expect((await session('lost')).status, 'one heartbeat without it is not enough').to.equal('RUNNING');
    await beat();

    const ended = await session('lost');
    expect(ended).to.deep.include({ status: 'ERROR', statusInfo: 'kernel-lost', result: 'FAILURE' });
    expect(ended.kernels[0]).to.deep.include({ status: 'ERROR', statusInfo: 'kernel-lost', exitCode: null });
    expect((await session('kept')).status).to.equal('RUNNING');
    expect(await occupied()).to.deep.equal({ cpu: '1', mem: '1073741824' });
    expect(kept.kernels[0]!.agentId).to.equal(deployment.agent.agentId);
  });

  it('leaves kernels that are being created alone, listed or not', async () => {
    deployment.agent.startsKernels = false;
    await client.createIfNotExists('python', 'fresh', { enqueueOnly: true });
    const scheduled = await reaching('fresh', 'SCHEDULED');
    const kernelId = scheduled.kernels[0]!.id;
    await eventually(() => deployment.agent.held.has(kernelId), 'the agent to accept the kernel');
    deployment.agent.held.delete(kernelId);
    for (let i = 0; i < 3; i++) await beat();
    expect((await session('fresh')).kernels[0]!.status).to.equal('SCHEDULED');

    const ids = { kernelId, sessionId: scheduled.id };
    await deployment.bus.publish('kernel_preparing', ids, deployment.agent.agentId);
    await deployment.bus.publish('kernel_creating', ids, deployment.agent.agentId);
    await deployment.bus.drain();
    const creating = await session('fresh');
    expect(creating.kernels[0]!.status).to.equal('CREATING');
    await past(creating.kernels[0]!.statusChanged);
    for (let i = 0; i < 3; i++) await beat();
    expect((await session('fresh')).kernels[0]!.status).to.equal('CREATING');
  });

  it('waits a heartbeat more for a kernel that started after the previous heartbeat arrived', async () => {
    deployment.agent.startsKernels = false;
    await client.createIfNotExists('python', 'late', { enqueueOnly: true });
    const scheduled = await reaching('late', 'SCHEDULED');
    const kernelId = scheduled.kernels[0]!.id;
    await eventually(() => deployment.agent.held.has(kernelId), 'the agent to accept the kernel');
    deployment.agent.held.delete(kernelId);
    await beat();
    await beat();

    await deployment.bus.publish(
      'kernel_started',
      {
        sessionId: scheduled.id,
        info: {
          kernelId,
          containerId: 'c-late',
          servicePorts: [],
          deviceAllocation: {},
          kernelHost: '127.0.0.1',
        },
      },
      deployment.agent.agentId,
    );
    const started = await reaching('late', 'RUNNING');
    await past(started.kernels[0]!.statusChanged);
    await beat();
    expect((await session('late')).status, 'it started after the previous heartbeat arrived').to.equal(
      'RUNNING',
    );
    await beat();
    expect(await session('late')).to.deep.include({ status: 'ERROR', statusInfo: 'kernel-lost' });
  });

  it('lets the kernel_terminated of a kernel that just ended by itself decide, not the heartbeats', async () => {
    const quitter = await running('quitter');
    const kernel = quitter.kernels[0]!;
    await past(kernel.statusChanged);
    await beat();
    deployment.agent.held.delete(kernel.id);
    await beat();
    await deployment.bus.publish(
      'kernel_terminated',
      { kernelId: kernel.id, sessionId: quitter.id, reason: 'self-terminated', exitCode: 0 },
      deployment.agent.agentId,
    );
    await deployment.bus.drain();
    await beat();
    const ended = await session('quitter');
    expect(ended).to.deep.include({ status: 'TERMINATED', statusInfo: 'self-terminated' });
    expect(ended.kernels[0]).to.deep.include({ status: 'TERMINATED', exitCode: 0 });
  });

  it('ends a kernel being terminated that the agent no longer lists as TERMINATED', async () => {
    const stuck = await running('stuck');
    const kernel = stuck.kernels[0]!;
    // As left by a destroy whose kernel_terminated never arrived.
    await deployment.db.sessions.setKernelStatus(kernel.id, 'TERMINATING', {
      statusInfo: 'user-requested',
      at: new Date(),
    });
    await deployment.db.sessions.setSessionStatus(stuck.id, 'TERMINATING', {
      statusInfo: 'user-requested',
      at: new Date(),
    });
    deployment.agent.held.delete(kernel.id);
    await past(new Date());
    await beat();
    await beat();
    const ended = await session('stuck');
    expect(ended.status).to.equal('TERMINATED');
    expect(ended.kernels[0]).to.deep.include({ status: 'TERMINATED', statusInfo: 'kernel-lost' });
    expect(await occupied()).to.deep.equal({});
  });

  it('changes nothing for an agent whose heartbeats carry no list', async () => {
    deployment.agent.listsKernels = false;
    const quiet = await running('quiet');
    deployment.agent.held.delete(quiet.kernels[0]!.id);
    await past(quiet.kernels[0]!.statusChanged);
    for (let i = 0; i < 3; i++) await beat();
    expect((await session('quiet')).status).to.equal('RUNNING');
  });
});
