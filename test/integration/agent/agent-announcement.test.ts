import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, InProcessAgentRpcDirectory, type EventEnvelope } from '@tessera/core';
import { Agent, resolveAgentSettings, type AgentConfig } from '@tessera/agent';
import { ProcessBackend } from '@tessera/agent-backend-process';
import { EmbeddedEventBus } from '@tessera/event-bus-embedded';
import { consistently } from '../../support/consistently';
import { eventually } from '../../support/eventually';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const backendSchema = require('@tessera/agent-backend-process/package.json').tessera.configSchema;

describe('agent announcement', function () {
  this.timeout(10000);

  it('publishes agent_started, then heartbeats, then agent_terminated on stop, from its own id', async () => {
    const log = createLogger({ level: 'silent' });
    const workRoot = mkdtempSync(join(tmpdir(), 'tessera-agent-'));
    const bus = new EmbeddedEventBus({ maxRetries: 0, retryDelayMs: 0 }, log);
    const seen: EventEnvelope[] = [];
    for (const name of ['agent_started', 'agent_heartbeat', 'agent_terminated'] as const) {
      await bus.subscribe(name, 'manager', (event) => void seen.push(event));
    }
    const config: AgentConfig = {
      resourceGroup: 'gpu-farm',
      region: 'eu-1',
      heartbeatInterval: 0.1,
      reservedCpu: 1,
      reservedMem: '1g',
      cpu: 4,
      mem: '8g',
      flushInterval: 1,
      kernelStopTimeout: 2,
      execTimeout: 0,
      statInterval: 5,
      allocationOrder: ['cuda', 'rocm', 'tpu', 'cpu', 'mem'],
      affinityPolicy: 'INTERLEAVED',
    };
    const directory = new InProcessAgentRpcDirectory();
    const agent = new Agent(resolveAgentSettings(config, { nodeId: 'node-7', packageVersion: '1.2.3' }), {
      eventBus: bus,
      backend: new ProcessBackend(
        {
          images: backendSchema.properties.images.default,
          workRoot,
          readyTimeout: 10,
          exitGracePeriod: 1,
          terminateGracePeriod: 1,
          keepScratch: false,
        },
        log,
      ),
      accelerators: [],
      directory,
      log,
    });
    try {
      const startedBefore = Date.now();
      await agent.start();
      expect(await directory.connect('inproc://i-node-7').ping()).to.deep.equal({ agentId: 'i-node-7' });
      await eventually(
        () => seen.filter((e) => e.name === 'agent_heartbeat').length >= 3,
        'three heartbeats',
      );
      await agent.stop();
      await bus.drain();
      expect(seen[0]).to.deep.include({ name: 'agent_started', source: 'i-node-7' });
      // When it started (before its RPC was reachable) and the kernels it holds: none, on a fresh start.
      const started = seen[0]!.payload as EventEnvelope<'agent_started'>['payload'];
      expect(started).to.deep.include({ agentId: 'i-node-7', kernels: [] });
      expect(Date.parse(started.startedAt!)).to.be.within(startedBefore, Date.now());
      const heartbeat = seen[1]!.payload as EventEnvelope<'agent_heartbeat'>['payload'];
      expect(heartbeat).to.include({
        agentId: 'i-node-7',
        resourceGroup: 'gpu-farm',
        region: 'eu-1',
        version: '1.2.3',
      });
      expect(heartbeat.availableSlots).to.deep.equal({ cpu: '4', mem: String(8 * 1024 ** 3) });
      expect(seen.at(-1)).to.deep.equal({
        name: 'agent_terminated',
        source: 'i-node-7',
        payload: { agentId: 'i-node-7', reason: 'shutdown', status: 'TERMINATED' },
      });
      // No heartbeat after the agent said it terminated. Nothing outside the agent shows that stop()
      // ended its heartbeat loop; a loop still running would beat every 100 ms (heartbeatInterval),
      // so three intervals without an event show it stopped.
      const count = seen.length;
      await consistently(() => seen.length === count, 'no event after agent_terminated', { forMs: 300 });
      expect(() => directory.connect('inproc://i-node-7')).to.throw(/no agent/);
    } finally {
      await agent.stop();
      rmSync(workRoot, { recursive: true, force: true });
    }
  });
});
