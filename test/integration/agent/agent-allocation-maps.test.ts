import { expect } from 'chai';
import type { AgentRpc, AgentRpcDirectory, EventBus, EventEnvelope } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../support/eventually';
import { kernelSpec } from '../../support/kernel-spec';

const AGENT_ADDRESS = 'inproc://i-maps-node';

/** Two simulated GPUs of 2 shares each (min(8g / 2g, 16 SMs / 8)), on NUMA nodes 0 and 1. */
const GPUS = [0, 1].map((index) => ({
  motherUuid: `gpu-${index}`,
  modelName: 'CUDA GPU',
  numaNode: index,
  subprocCount: 16,
  memorySize: '8g',
  isMigDevice: false,
}));

describe("agent: a fractional mock's shares through the allocation maps (process backend)", function () {
  this.timeout(20000);
  let node: TestKernel;
  let rpc: AgentRpc;
  const events: EventEnvelope[] = [];

  before(async () => {
    node = await bootTestKernel({
      roles: ['agent'],
      plugins: [
        { package: '@tessera/event-bus-embedded' },
        {
          package: '@tessera/agent-backend-process',
          config: { exitGracePeriod: 1, terminateGracePeriod: 1 },
        },
        { package: '@tessera/accelerator-mock', config: { allocationMode: 'fractional', devices: GPUS } },
        {
          package: '@tessera/agent',
          config: {
            agentId: 'i-maps-node',
            heartbeatInterval: 0.2,
            flushInterval: 0.4,
            kernelStopTimeout: 4,
          },
        },
      ],
    });
    const bus = node.kernel.resolve<EventBus>('event-bus');
    for (const name of ['kernel_started', 'kernel_terminated'] as const) {
      await bus.subscribe(name, 'test-observer', (event) => void events.push(event));
    }
    rpc = node.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory').connect(AGENT_ADDRESS);
  });
  after(async () => node?.stop());

  /** The kernel's kernel_started or kernel_terminated, whichever the agent publishes. */
  function outcomeOf(kernelId: string) {
    return eventually(
      () =>
        events.find(
          (e) =>
            (e.name === 'kernel_started' &&
              (e.payload as { info: { kernelId: string } }).info.kernelId === kernelId) ||
            (e.name === 'kernel_terminated' && (e.payload as { kernelId: string }).kernelId === kernelId),
        ) ?? false,
      `the outcome of ${kernelId}`,
    );
  }

  it('spreads shares over the devices, tells the kernel, refuses with the typed message, and frees on destroy', async () => {
    const first = kernelSpec({ resourceSlots: { cpu: '1', mem: '268435456', 'cuda.shares': '3' } });
    await rpc.createKernels([first]);
    const started = await outcomeOf(first.kernelId);
    expect(started.name).to.equal('kernel_started');
    expect((started.payload as { info: { deviceAllocation: unknown } }).info.deviceAllocation).to.deep.equal({
      'cuda.shares': { 'gpu-0': '1.5', 'gpu-1': '1.5' },
    });
    const seen = await rpc.execute(first.kernelId, {
      mode: 'query',
      runId: 'devices',
      code: 'import os\nprint(os.environ["BACKENDAI_MOCK_CUDA_DEVICES"])',
    });
    expect(seen.console).to.deep.equal([['stdout', 'gpu-0,gpu-1\n']]);

    // 0.5 + 0.5 left: 1.5 shares cannot be had.
    const refused = kernelSpec({ resourceSlots: { cpu: '1', 'cuda.shares': '1.5' } });
    await rpc.createKernels([refused]);
    const terminated = await outcomeOf(refused.kernelId);
    expect(terminated.payload).to.deep.include({ reason: 'failed-to-start' });
    const failure = await eventually(
      () => node.logs.find((line) => line.kernelId === refused.kernelId && 'error' in line) ?? false,
      'the failure logged',
    );
    expect(failure.error).to.equal(
      'Cannot allocate devices: Insufficient "cuda.shares" on cuda: asked for 1.5, 1 available',
    );

    await rpc.destroyKernel(first.kernelId, 'user-requested');
    const again = kernelSpec({ resourceSlots: { cpu: '1', 'cuda.shares': '4' } });
    await rpc.createKernels([again]);
    expect((await outcomeOf(again.kernelId)).name).to.equal('kernel_started');
    await rpc.destroyKernel(again.kernelId, 'user-requested');
  });

  it("refuses shares that would scatter over devices when the kernel's resource group disallows fragmentation", async () => {
    const spread = kernelSpec({ resourceSlots: { cpu: '1', 'cuda.shares': '3' } });
    await rpc.createKernels([spread]);
    expect((await outcomeOf(spread.kernelId)).name).to.equal('kernel_started');

    // 0.5 + 0.5 shares are left: one share only fits scattered over both devices.
    const strict = kernelSpec({
      resourceSlots: { cpu: '1', 'cuda.shares': '1' },
      allowFractionalResourceFragmentation: false,
    });
    await rpc.createKernels([strict]);
    expect((await outcomeOf(strict.kernelId)).payload).to.deep.include({ reason: 'failed-to-start' });
    const failure = await eventually(
      () => node.logs.find((line) => line.kernelId === strict.kernelId && 'error' in line) ?? false,
      'the failure logged',
    );
    expect(String(failure.error)).to.match(/fragment/i);

    const lenient = kernelSpec({ resourceSlots: { cpu: '1', 'cuda.shares': '1' } });
    await rpc.createKernels([lenient]);
    const started = await outcomeOf(lenient.kernelId);
    expect((started.payload as { info: { deviceAllocation: unknown } }).info.deviceAllocation).to.deep.equal({
      'cuda.shares': { 'gpu-0': '0.5', 'gpu-1': '0.5' },
    });
    await rpc.destroyKernel(lenient.kernelId, 'user-requested');
    await rpc.destroyKernel(spread.kernelId, 'user-requested');
  });
});
