import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRpc, AgentRpcDirectory, EventBus, EventEnvelope, EventName } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../support/eventually';
import { requireServices } from '../../support/halfstack';
import { PYTHON_IMAGE, requireKernelImages } from '../../support/kernel-images';
import { kernelSpec } from '../../support/kernel-spec';
import { runCommand } from '../../support/run-command';

const AGENT_ADDRESS = 'inproc://i-test-node';
const OBSERVED: EventName[] = ['agent_heartbeat', 'agent_terminated', 'kernel_started', 'kernel_terminated'];

/**
 * The agent over the docker backend across a restart: stopping it leaves its containers running
 * (it leaves as RESTARTING), and the next agent process on the same node finds the kernel again,
 * with its devices (the mock GPU is not handed out twice), its Python state and its runner.
 */
describe('agent with the docker backend across a restart', function () {
  this.timeout(120_000);
  const scope = `tessera-agent-test-${randomBytes(4).toString('hex')}`;
  let scratchRoot: string;
  let node: TestKernel | undefined;

  async function boot(): Promise<{ rpc: AgentRpc; events: EventEnvelope[] }> {
    node = await bootTestKernel({
      roles: ['agent'],
      plugins: [
        { package: '@tessera/event-bus-embedded' },
        {
          package: '@tessera/agent-backend-docker',
          config: { scope, scratchRoot, portRange: [31600, 31699] },
        },
        { package: '@tessera/accelerator-mock' },
        { package: '@tessera/agent', config: { heartbeatInterval: 0.2, statInterval: 0.2 } },
      ],
    });
    const events: EventEnvelope[] = [];
    const bus = node.kernel.resolve<EventBus>('event-bus');
    for (const name of OBSERVED)
      await bus.subscribe(name, 'test-observer', (event) => void events.push(event));
    const rpc = node.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory').connect(AGENT_ADDRESS);
    return { rpc, events };
  }

  before(async () => {
    await requireServices(['docker']);
    await requireKernelImages();
    scratchRoot = mkdtempSync(join(tmpdir(), 'tessera-agent-docker-'));
  });
  after(async () => {
    await node?.stop();
    const leftovers = (
      await runCommand('docker', ['ps', '-aq', '--filter', `label=tessera.scope=${scope}`])
    ).stdout.trim();
    if (leftovers) await runCommand('docker', ['rm', '-f', ...leftovers.split('\n')]);
    rmSync(scratchRoot, { recursive: true, force: true });
  });

  it('leaves the kernel running at stop and adopts it again, devices, state and all', async () => {
    let { rpc, events } = await boot();
    const spec = kernelSpec({
      image: PYTHON_IMAGE,
      resourceSlots: { cpu: '1', mem: String(256 * 1024 ** 2), 'cuda.device': '2' },
    });
    await rpc.createKernels([spec]);
    const started = await eventually(
      () => events.find((e) => e.name === 'kernel_started') ?? false,
      'the kernel to start',
      60_000,
    );
    const { containerId } = (started as EventEnvelope<'kernel_started'>).payload.info;
    await rpc.execute(spec.kernelId, { mode: 'query', runId: 'before', code: 'state = 41' });

    await node!.stop();
    node = undefined;
    expect(events.at(-1)).to.deep.include({
      name: 'agent_terminated',
      payload: { agentId: 'i-test-node', reason: 'shutdown', status: 'RESTARTING' },
    });
    expect(events.filter((e) => e.name === 'kernel_terminated')).to.deep.equal([]);
    const running = await runCommand('docker', ['inspect', '-f', '{{.State.Running}}', containerId]);
    expect(running.stdout.trim()).to.equal('true');

    ({ rpc, events } = await boot());
    // Its heartbeats list the kernel found again (agent_started said so before we listened).
    await eventually(
      () =>
        events.some(
          (e) =>
            e.name === 'agent_heartbeat' &&
            (e.payload as EventEnvelope<'agent_heartbeat'>['payload']).kernels?.includes(spec.kernelId),
        ),
      'a heartbeat listing the recovered kernel',
    );
    const after = await rpc.execute(spec.kernelId, {
      mode: 'query',
      runId: 'after',
      code: 'print(state + 1)',
    });
    expect(after.console).to.deep.equal([['stdout', '42\n']]);
    // Both mock GPUs are the recovered kernel's: a new kernel asking for one cannot start.
    const greedy = kernelSpec({ image: PYTHON_IMAGE, resourceSlots: { cpu: '1', 'cuda.device': '1' } });
    await rpc.createKernels([greedy]);
    const refused = await eventually(
      () =>
        events.find(
          (e) =>
            e.name === 'kernel_terminated' &&
            (e.payload as { kernelId: string }).kernelId === greedy.kernelId,
        ) ?? false,
      'the greedy kernel to be refused',
    );
    expect((refused as EventEnvelope<'kernel_terminated'>).payload.reason).to.equal('failed-to-start');
    expect(await rpc.destroyKernel(spec.kernelId, 'user-requested')).to.equal('destroyed');
  });
});
