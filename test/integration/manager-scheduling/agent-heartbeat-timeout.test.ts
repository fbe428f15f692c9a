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
 * An agent that stops heartbeating (its node died, its network went away) is LOST after
 * `heartbeatTimeout`: the leading manager's timer takes it out of scheduling and ends the kernels
 * placed on it (agent-termination), so their sessions do not stay RUNNING holding slots. When the
 * agent heartbeats again it is the same agent, ALIVE again.
 */
describe('manager-scheduling: agents past the heartbeat timeout are LOST', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;
  let client: BackendAiClient;

  const session = async (name: string): Promise<SessionRecord> => {
    const all = await deployment.db.sessions.listByStatus(['RUNNING', 'TERMINATED', 'ERROR']);
    const found = all.find((s) => s.name === name);
    if (!found) throw new Error(`no session ${name}`);
    return found;
  };
  const agent = async () => (await deployment.db.agents.get(deployment.agent.agentId))!;

  beforeEach(async () => {
    deployment = await bootManager({ scheduling: { heartbeatTimeout: 1, heartbeatCheckInterval: 0.05 } });
    client = sdkClient(deployment.endpoint);
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  it('marks a silent agent LOST and ends its kernels with agent-termination, freeing their slots', async () => {
    await deployment.agent.heartbeat();
    await client.createIfNotExists('python', 'on-a-silent-agent');
    expect((await session('on-a-silent-agent')).status).to.equal('RUNNING');

    await eventually(async () => (await agent()).status === 'LOST', 'the agent to be LOST', 10_000);
    const ended = await eventually(async () => {
      const found = await session('on-a-silent-agent');
      return found.status === 'ERROR' ? found : false;
    }, 'its session to end');
    expect(ended.statusInfo).to.equal('agent-termination');
    expect(ended.kernels[0]).to.include({ status: 'ERROR', statusInfo: 'agent-termination' });
    const slots = Object.values((await agent()).occupiedSlots).map(Number);
    expect(
      slots.every((amount) => amount === 0),
      'slots returned',
    ).to.equal(true);
  });

  it('also marks LOST an agent that stopped leaving its kernels running (RESTARTING) and never came back', async () => {
    await deployment.agent.heartbeat();
    await client.createIfNotExists('python', 'left-running');
    await deployment.agent.heartbeat(); // a full timeout from here to see it RESTARTING first
    await deployment.bus.publish(
      'agent_terminated',
      { agentId: deployment.agent.agentId, reason: 'shutdown', status: 'RESTARTING' },
      deployment.agent.agentId,
    );
    await eventually(async () => (await agent()).status === 'RESTARTING', 'the agent to be RESTARTING');
    expect((await session('left-running')).status, 'kernels kept while it restarts').to.equal('RUNNING');

    await eventually(async () => (await agent()).status === 'LOST', 'the agent to be LOST', 10_000);
    const ended = await eventually(async () => {
      const found = await session('left-running');
      return found.status === 'ERROR' ? found : false;
    }, 'its session to end');
    expect(ended.statusInfo).to.equal('agent-termination');
  });

  it('has an agent back from a LOST spell destroy the kernels it still runs whose sessions ended', async () => {
    deployment.agent.listsKernels = true;
    await deployment.agent.heartbeat();
    await client.createIfNotExists('python', 'partitioned');
    const kernelId = (await session('partitioned')).kernels[0]!.id;
    await eventually(
      async () => (await session('partitioned')).status === 'ERROR',
      'the session to end',
      10_000,
    );
    expect(deployment.agent.held.has(kernelId), 'the agent never heard of it').to.equal(true);

    await deployment.agent.heartbeat(); // the partition heals; the agent still runs the kernel
    await eventually(
      () => deployment.agent.destroyed.some((d) => d.kernelId === kernelId),
      'the agent to be told to destroy it',
    );
    expect(deployment.agent.held.has(kernelId)).to.equal(false);
    expect((await agent()).status).to.equal('ALIVE');
  });

  it('takes back an agent that heartbeats again: ALIVE, the same row, schedulable', async () => {
    await eventually(async () => (await agent()).status === 'LOST', 'the agent to be LOST', 10_000);
    const firstContact = (await agent()).firstContact;
    await deployment.agent.heartbeat();
    await eventually(async () => (await agent()).status === 'ALIVE', 'the agent to be ALIVE again');
    expect((await agent()).firstContact.getTime()).to.equal(firstContact.getTime());
    await client.createIfNotExists('python', 'after-coming-back');
    expect((await session('after-coming-back')).status).to.equal('RUNNING');
  });
});
