import { expect } from 'chai';
import type { SessionRecord } from '@tessera/core';
import {
  bootManager,
  eventually,
  sdkClient,
  type BackendAiClient,
  type ManagerDeployment,
} from '../manager/support/manager-deployment';
import { clockPasses } from '../../support/clock-passes';

/**
 * An agent that restarts announces (agent_started) when it started and the kernels it found
 * again; the manager ends every kernel it had placed there before that and that the agent no
 * longer has, so no session stays RUNNING with nothing behind it, holding its slots.
 */
describe('manager-sessions: kernels an agent no longer has', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;
  let client: BackendAiClient;

  const session = async (name: string): Promise<SessionRecord> => {
    const all = await deployment.db.sessions.listByStatus(['RUNNING', 'TERMINATING', 'TERMINATED', 'ERROR']);
    const found = all.find((s) => s.name === name);
    if (!found) throw new Error(`no session ${name}`);
    return found;
  };
  const running = async (name: string): Promise<SessionRecord> => {
    await client.createIfNotExists('python', name, { enqueueOnly: true });
    return eventually(async () => {
      const found = await session(name).catch(() => null);
      return found?.status === 'RUNNING' ? found : false;
    }, `${name} to run`);
  };
  const occupied = async () =>
    Object.fromEntries(
      Object.entries((await deployment.db.agents.get(deployment.agent.agentId))!.occupiedSlots).filter(
        ([, v]) => Number(v) !== 0,
      ),
    );
  /**
   * The agent announces a restart. Without `startedAt` it started after everything the test wrote:
   * the clock passes the current millisecond first, as a status written in the same millisecond
   * as the start would count as the new process's own.
   */
  const restarted = async (kernels: string[], given?: Date) => {
    let startedAt = given;
    if (!startedAt) {
      await clockPasses(new Date());
      startedAt = new Date();
    }
    await deployment.bus.publish(
      'agent_started',
      { agentId: deployment.agent.agentId, startedAt: startedAt.toISOString(), kernels },
      deployment.agent.agentId,
    );
    await deployment.bus.drain();
  };

  beforeEach(async () => {
    deployment = await bootManager();
    client = sdkClient(deployment.endpoint);
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  it('ends the kernels the agent did not find again (ERROR, agent-restarted), frees their slots, keeps the others', async () => {
    const lost = await running('lost');
    const kept = await running('kept');
    expect(await occupied()).to.deep.equal({ cpu: '2', mem: '2147483648' });

    await restarted([kept.kernels[0]!.id]);

    const ended = await session('lost');
    expect(ended.status).to.equal('ERROR');
    expect(ended.statusInfo).to.equal('agent-restarted');
    expect(ended.kernels[0]).to.include({ status: 'ERROR', statusInfo: 'agent-restarted', exitCode: null });
    expect((await session('kept')).status).to.equal('RUNNING');
    expect(await occupied()).to.deep.equal({ cpu: '1', mem: '1073741824' });
    expect(lost.kernels[0]!.agentId).to.equal(deployment.agent.agentId);

    // The slots it held are the agent's again: a session that needs them starts.
    await running('after-restart');
  });

  it('ends a kernel that was being terminated as TERMINATED, so the session ends', async () => {
    const stuck = await running('stuck');
    const kernel = stuck.kernels[0]!;
    // As left by a `tessera rm` whose agent died before it could answer.
    await deployment.db.sessions.setKernelStatus(kernel.id, 'TERMINATING', {
      statusInfo: 'user-requested',
      at: new Date(),
    });
    await deployment.db.sessions.setSessionStatus(stuck.id, 'TERMINATING', {
      statusInfo: 'user-requested',
      at: new Date(),
    });

    await restarted([]);

    const ended = await session('stuck');
    expect(ended.status).to.equal('TERMINATED');
    expect(ended.kernels[0]).to.include({ status: 'TERMINATED', statusInfo: 'agent-restarted' });
    expect(await occupied()).to.deep.equal({});
  });

  it("leaves kernels whose status changed after the agent started (the new process's own)", async () => {
    const before = new Date(Date.now() - 60_000);
    await running('young');
    await restarted([], before);
    expect((await session('young')).status).to.equal('RUNNING');
  });

  it('changes nothing for an agent that does not say when it started or what it has', async () => {
    await running('older-agent');
    await deployment.bus.publish(
      'agent_started',
      { agentId: deployment.agent.agentId },
      deployment.agent.agentId,
    );
    await deployment.bus.drain();
    expect((await session('older-agent')).status).to.equal('RUNNING');
  });

  it('destroys on the agent a kernel it found again whose session has ended meanwhile', async () => {
    const ended = await running('ended-meanwhile');
    const kernelId = ended.kernels[0]!.id;
    // As after the agent was LOST long enough for its sessions to end (agent-termination).
    deployment.agent.forgotten.add(kernelId);
    await client.destroy('ended-meanwhile');
    await eventually(
      async () => (await session('ended-meanwhile')).status === 'TERMINATED',
      'the session to end',
    );
    deployment.agent.forgotten.delete(kernelId);
    const before = deployment.agent.destroyed.length;

    await restarted([kernelId]);

    const again = deployment.agent.destroyed.slice(before);
    expect(again.map((d) => d.kernelId)).to.deep.equal([kernelId]);
    expect((await session('ended-meanwhile')).status).to.equal('TERMINATED');
  });

  it('completes a destroy at once when the agent no longer has the kernel', async () => {
    const gone = await running('gone-quietly');
    deployment.agent.forgotten.add(gone.kernels[0]!.id);
    await client.destroy('gone-quietly');
    const ended = await eventually(async () => {
      const found = await session('gone-quietly');
      return found.status === 'TERMINATED' ? found : false;
    }, 'the session to end');
    expect(ended.kernels[0]).to.include({ status: 'TERMINATED', statusInfo: 'user-requested' });
    expect(await occupied()).to.deep.equal({});
  });
});
