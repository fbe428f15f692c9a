import { expect } from 'chai';
import type { AgentRpcDirectory, ConfigStore, Database, EventBus } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { eventually, sdkClient } from '../manager/support/manager-deployment';
import { ScriptedAgent } from '../manager/support/scripted-agent';

/**
 * The manager's scheduling pass with the drf policy and the round-robin selector: the policy's
 * pass state and the selector's cursor travel through the real loop, and the cursor is kept in
 * the deployment's config store between passes.
 */
describe('scheduling pass with drf and roundrobin on the embedded tiles', function () {
  this.timeout(20_000);
  let test: TestKernel;

  before(async () => {
    test = await bootTestKernel({
      roles: ['manager'],
      plugins: [
        { package: '@tessera/event-bus-embedded' },
        { package: '@tessera/lock-embedded' },
        { package: '@tessera/config-store-embedded', config: { file: '' } },
        { package: '@tessera/database', config: { path: ':memory:', exampleFixtures: true } },
        { package: '@tessera/scheduler-drf' },
        { package: '@tessera/agent-selector-roundrobin' },
        { package: '@tessera/manager-sessions' },
        { package: '@tessera/manager-scheduling' },
        { package: '@tessera/manager', config: { service: { host: '127.0.0.1', port: 0 } } },
      ],
      defaults: { scheduler: 'drf', 'agent-selector': 'roundrobin' },
      cwd: REPO_ROOT,
    });
  });
  after(async () => test?.stop());

  it('rotates sessions over the agents by id and keeps the cursor in the config store', async () => {
    const db = test.kernel.resolve<Database>('database');
    const bus = test.kernel.resolve<EventBus>('event-bus');
    const directory = test.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory');
    // Heartbeat order differs from id order: the rotation follows ids.
    const agents = ['agent-c', 'agent-a', 'agent-b'].map((id) => new ScriptedAgent(bus, id));
    for (const agent of agents) {
      directory.bind(agent.address, agent);
      await agent.heartbeat();
    }
    await eventually(
      async () => (await db.agents.listSchedulable('default')).length === 3,
      'the three agents to register',
    );
    await eventually(async () => (await db.images.list()).length > 0, 'the images to register');

    const client = sdkClient(test.kernel.endpoints()['manager.api']!);
    const names = ['rr-1', 'rr-2', 'rr-3', 'rr-4'];
    const placed: string[] = [];
    for (const name of names) {
      await client.createIfNotExists('python', name, { cpu: 1, enqueueOnly: true });
      let agentId: string | null = null;
      await eventually(async () => {
        const session = await db.sessions.findActiveByName('AKIAIOSFODNN7EXAMPLE', name);
        agentId = session?.kernels[0]?.agentId ?? null;
        return agentId !== null;
      }, `${name} to be placed`);
      placed.push(agentId!);
    }

    expect(placed).to.deep.equal(['agent-a', 'agent-b', 'agent-c', 'agent-a']);
    const store = test.kernel.resolve<ConfigStore>('config-store');
    expect(await store.get('schedulers/roundrobin/default/x86_64')).to.equal('{"lastAgentId":"agent-a"}');
  });
});
