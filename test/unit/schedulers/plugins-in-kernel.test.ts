import { expect } from 'chai';
import { bootTestKernel } from '@tessera/core/testing';
import {
  DEFAULT_SLOT_PRIORITY,
  type AgentSelector,
  type ConfigStore,
  type NamedRegistry,
  type PluginEntry,
  type Scheduler,
  type SchedulingSnapshot,
} from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { configDefaults } from './plugin-package';
import { candidateFrom, pendingSession } from './scheduling-fixtures';

const SCHEDULERS = ['@tessera/scheduler-fifo', '@tessera/scheduler-lifo', '@tessera/scheduler-drf'];
const SELECTORS = [
  '@tessera/agent-selector-concentrated',
  '@tessera/agent-selector-dispersed',
  '@tessera/agent-selector-legacy',
  '@tessera/agent-selector-roundrobin',
];
const CONFIG_STORE: PluginEntry = { package: '@tessera/config-store-embedded', config: { file: '' } };
const SCOPE = { resourceGroup: 'default', architecture: 'x86_64' };
const REQUEST = { kernelId: 'k-1', architecture: 'x86_64', slots: { cpu: '1', mem: '1073741824' } };

async function boot(plugins: PluginEntry[]) {
  return bootTestKernel({ roles: ['manager'], plugins, cwd: REPO_ROOT });
}

describe('scheduler and agent-selector plugins in a kernel', () => {
  it('register under their names and behave as their schema defaults say', async () => {
    const test = await boot([CONFIG_STORE, ...[...SCHEDULERS, ...SELECTORS].map((p) => ({ package: p }))]);
    try {
      const schedulers = test.kernel.resolve<NamedRegistry<Scheduler>>('scheduler');
      const selectors = test.kernel.resolve<NamedRegistry<AgentSelector>>('agent-selector');
      expect(schedulers.names().sort()).to.deep.equal(['drf', 'fifo', 'lifo']);
      expect(selectors.names().sort()).to.deep.equal(['concentrated', 'dispersed', 'legacy', 'roundrobin']);

      // fifo defaults to strict FIFO (numRetriesToSkip 0): the head is tried however often it failed.
      const stuck = pendingSession({ id: 'stuck', statusData: { scheduler: { retries: 9 } } });
      const later = pendingSession({ id: 'later', createdAt: new Date('2024-01-02T00:00:00Z') });
      const queue: SchedulingSnapshot = {
        resourceGroup: 'default',
        pending: [stuck, later],
        existing: [],
        totalCapacity: {},
      };
      expect(schedulers.require('fifo').pickSession(queue, undefined)).to.deep.equal({
        kind: 'picked',
        sessionId: 'stuck',
      });
      expect(schedulers.require('lifo').pickSession(queue, undefined)).to.deep.equal({
        kind: 'picked',
        sessionId: 'later',
      });

      // drf defaults to access keys: another key of the same user is a separate share.
      const running = pendingSession({
        id: 'r',
        status: 'RUNNING',
        accessKey: 'AK-A',
        occupyingSlots: { cpu: '8' },
      });
      const fair: SchedulingSnapshot = {
        resourceGroup: 'default',
        pending: [
          pendingSession({ id: 'p-a', accessKey: 'AK-A' }),
          pendingSession({ id: 'p-b', accessKey: 'AK-B' }),
        ],
        existing: [running],
        totalCapacity: { cpu: '16' },
      };
      const drf = schedulers.require('drf');
      expect(drf.pickSession(fair, drf.beginPass?.(fair))).to.deep.equal({
        kind: 'picked',
        sessionId: 'p-b',
      });

      // The default slot priority compares accelerators before cpu.
      const candidates = [
        candidateFrom({ id: 'few-gpus', remaining: { cpu: '32', mem: '68719476736', 'cuda.device': '1' } }),
        candidateFrom({ id: 'many-gpus', remaining: { cpu: '2', mem: '68719476736', 'cuda.device': '4' } }),
      ];
      const gpuRequest = { ...REQUEST, slots: { ...REQUEST.slots, 'cuda.device': '1' } };
      expect(selectors.require('concentrated').select(gpuRequest, candidates, undefined)).to.deep.include({
        agentId: 'few-gpus',
      });
      expect(selectors.require('dispersed').select(gpuRequest, candidates, undefined)).to.deep.include({
        agentId: 'many-gpus',
      });
    } finally {
      await test.stop();
    }
  });

  it("slot-comparing selectors default to Backend.AI's slot priority", () => {
    for (const name of SELECTORS.filter((p) => !p.endsWith('roundrobin'))) {
      expect(configDefaults(name), name).to.deep.equal({ slotPriority: [...DEFAULT_SLOT_PRIORITY] });
    }
  });

  it('takes its config from the manifest: drf keyed by user', async () => {
    const test = await boot([{ package: '@tessera/scheduler-drf', config: { keyBy: 'user' } }]);
    try {
      const drf = test.kernel.resolve<NamedRegistry<Scheduler>>('scheduler').require('drf');
      const running = pendingSession({
        id: 'r',
        status: 'RUNNING',
        accessKey: 'AK-A',
        userId: 'u-1',
        occupyingSlots: { cpu: '8' },
      });
      const snapshot: SchedulingSnapshot = {
        resourceGroup: 'default',
        pending: [
          pendingSession({ id: 'p-same-user', accessKey: 'AK-C', userId: 'u-1' }),
          pendingSession({
            id: 'p-other-user',
            accessKey: 'AK-B',
            userId: 'u-2',
            createdAt: new Date('2024-01-02T00:00:00Z'),
          }),
        ],
        existing: [running],
        totalCapacity: { cpu: '16' },
      };
      expect(drf.pickSession(snapshot, drf.beginPass?.(snapshot))).to.deep.equal({
        kind: 'picked',
        sessionId: 'p-other-user',
      });
    } finally {
      await test.stop();
    }
  });

  it('refuses a drf keyBy other than accessKey or user, naming the setting', async () => {
    let failure: unknown;
    try {
      const test = await boot([{ package: '@tessera/scheduler-drf', config: { keyBy: 'domain' } }]);
      await test.stop();
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(/keyBy/);
  });

  it('round-robin keeps its cursor in the deployment config store, under schedulers/roundrobin/<group>/<arch>', async () => {
    const test = await boot([CONFIG_STORE, { package: '@tessera/agent-selector-roundrobin' }]);
    try {
      const selector = test.kernel
        .resolve<NamedRegistry<AgentSelector>>('agent-selector')
        .require('roundrobin');
      const candidates = ['agent-b', 'agent-a'].map((id) => candidateFrom({ id, remaining: { cpu: '4' } }));
      const first = selector.select(REQUEST, candidates, await selector.loadState!(SCOPE));
      expect(first).to.deep.include({ agentId: 'agent-a' });
      await selector.saveState!(SCOPE, first.kind === 'selected' ? first.state : undefined);
      const store = test.kernel.resolve<ConfigStore>('config-store');
      expect(await store.get('schedulers/roundrobin/default/x86_64')).to.equal('{"lastAgentId":"agent-a"}');
      // The next pass continues the rotation from the stored cursor.
      expect(selector.select(REQUEST, candidates, await selector.loadState!(SCOPE))).to.deep.include({
        agentId: 'agent-b',
      });
    } finally {
      await test.stop();
    }
  });

  it('round-robin without a config store keeps its cursor in memory, and says so', async () => {
    const test = await boot([{ package: '@tessera/agent-selector-roundrobin' }]);
    try {
      const selector = test.kernel
        .resolve<NamedRegistry<AgentSelector>>('agent-selector')
        .require('roundrobin');
      await selector.saveState!(SCOPE, { lastAgentId: 'agent-a' });
      expect(await selector.loadState!(SCOPE)).to.deep.equal({ lastAgentId: 'agent-a' });
      expect(test.logs.find((line) => line['msg'] === 'round-robin cursors')).to.deep.include({
        storage: 'memory',
      });
    } finally {
      await test.stop();
    }
  });
});
