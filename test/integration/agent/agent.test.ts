import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AgentRpc,
  AgentRpcDirectory,
  EventBus,
  EventEnvelope,
  EventName,
  ExecuteRequest,
  ExecutionResult,
} from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../support/eventually';
import { kernelSpec, processExists } from '../../support/kernel-spec';

const AGENT_ADDRESS = 'inproc://i-test-node';
const OBSERVED: EventName[] = [
  'agent_started',
  'agent_heartbeat',
  'agent_terminated',
  'kernel_preparing',
  'kernel_creating',
  'kernel_started',
  'kernel_terminating',
  'kernel_terminated',
];

/** A node running the agent role only: embedded event bus, process backend, mock accelerator, agent. */
async function bootAgentNode(): Promise<{ node: TestKernel; rpc: AgentRpc; events: EventEnvelope[] }> {
  const node = await bootTestKernel({
    roles: ['agent'],
    plugins: [
      { package: '@tessera/event-bus-embedded' },
      { package: '@tessera/agent-backend-process', config: { exitGracePeriod: 1, terminateGracePeriod: 1 } },
      { package: '@tessera/accelerator-mock' },
      {
        package: '@tessera/agent',
        config: { heartbeatInterval: 0.2, flushInterval: 0.4, kernelStopTimeout: 4 },
      },
    ],
  });
  const events: EventEnvelope[] = [];
  const bus = node.kernel.resolve<EventBus>('event-bus');
  for (const name of OBSERVED) await bus.subscribe(name, 'test-observer', (event) => void events.push(event));
  const rpc = node.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory').connect(AGENT_ADDRESS);
  return { node, rpc, events };
}

function eventOf<N extends EventName>(
  events: EventEnvelope[],
  name: N,
  kernelId?: string,
): EventEnvelope<N> | undefined {
  return events.find(
    (e) =>
      e.name === name &&
      (kernelId === undefined ||
        (e.payload as { kernelId?: string }).kernelId === kernelId ||
        (e.payload as { info?: { kernelId: string } }).info?.kernelId === kernelId),
  ) as EventEnvelope<N> | undefined;
}

/** The first `name` event (about `kernelId`, when given), once the agent has published it. */
function published<N extends EventName>(
  events: EventEnvelope[],
  name: N,
  kernelId?: string,
): Promise<EventEnvelope<N>> {
  return eventually(() => eventOf(events, name, kernelId) ?? false, name);
}

/** Calls execute until the run finishes, answering nothing; returns every response. */
async function runToEnd(
  rpc: AgentRpc,
  kernelId: string,
  request: ExecuteRequest,
): Promise<ExecutionResult[]> {
  const results = [await rpc.execute(kernelId, request)];
  while (results.at(-1)!.status !== 'finished') {
    results.push(await rpc.execute(kernelId, { mode: 'continue', runId: request.runId, code: '' }));
  }
  return results;
}

function stdoutOf(results: ExecutionResult[]): string {
  return results
    .flatMap((r) => r.console.filter(([type]) => type === 'stdout').map(([, text]) => String(text)))
    .join('');
}

describe('agent with the process backend (real python3 kernels)', function () {
  this.timeout(20000);
  let node: TestKernel;
  let rpc: AgentRpc;
  let events: EventEnvelope[];

  before(async () => ({ node, rpc, events } = await bootAgentNode()));
  after(async () => node?.stop());

  async function startKernel(overrides: Parameters<typeof kernelSpec>[0] = {}) {
    const spec = kernelSpec(overrides);
    await rpc.createKernels([spec]);
    const started = await published(events, 'kernel_started', spec.kernelId);
    return { spec, started };
  }

  it('announces itself and heartbeats its capacity, images and compute plugins', async () => {
    expect(await rpc.ping()).to.deep.equal({ agentId: 'i-test-node' });
    const beats = await eventually(() => {
      const all = events.filter((e) => e.name === 'agent_heartbeat');
      return all.length >= 2 && all;
    }, 'two heartbeats');
    const info = beats[0]!.payload as EventEnvelope<'agent_heartbeat'>['payload'];
    expect(info).to.include({
      agentId: 'i-test-node',
      address: AGENT_ADDRESS,
      resourceGroup: 'default',
      region: 'local',
    });
    expect(info.availableSlots).to.include({ 'cuda.device': '2' });
    expect(Number(info.availableSlots.cpu)).to.be.at.least(0);
    expect(Number(info.availableSlots.mem)).to.be.greaterThan(0);
    expect(info.slotTypes).to.deep.equal({ cpu: 'count', mem: 'bytes', 'cuda.device': 'count' });
    expect(info.images.map((i) => i.name)).to.deep.equal(['python:3']);
    expect(info.computePlugins.cuda).to.include({ version: '0.1.0', cuda_support: true });
    // The plugin's own display data for its slots, in upstream's wire form, and its exclusive slots.
    expect(info.computePlugins.cuda!['metadata']).to.deep.include({
      slot_name: 'cuda.device',
      description: 'CUDA-capable GPU',
      human_readable_name: 'GPU',
      display_unit: 'GPU',
      number_format: { binary: false, round_length: 0 },
      display_icon: 'gpu1',
    });
    expect(info.computePlugins.cuda!['exclusive_slot_types']).to.be.an('array').that.includes('cuda.device');
  });

  it('creates a kernel with the preparing/creating/started events and its devices', async () => {
    const { spec, started } = await startKernel({
      resourceSlots: { cpu: '1', mem: '268435456', 'cuda.device': '1' },
    });
    const names = events.filter((e) => eventOf([e], e.name, spec.kernelId)).map((e) => e.name);
    expect(names).to.deep.equal(['kernel_preparing', 'kernel_creating', 'kernel_started']);
    expect(started.payload.sessionId).to.equal(spec.sessionId);
    expect(Object.keys(started.payload.info.deviceAllocation)).to.deep.equal(['cuda.device']);
    const result = await rpc.execute(spec.kernelId, {
      mode: 'query',
      runId: 'devices',
      code: 'import os\nprint(os.environ["BACKENDAI_MOCK_CUDA_DEVICE_COUNT"])',
    });
    expect(result.console).to.deep.equal([['stdout', '1\n']]);
    await rpc.destroyKernel(spec.kernelId, 'user-requested');
  });

  describe('running code', () => {
    let kernelId: string;
    before(
      async () =>
        ({
          spec: { kernelId },
        } = await startKernel()),
    );

    it('keeps state between query runs', async () => {
      expect(await rpc.execute(kernelId, { mode: 'query', runId: 'r1', code: 'x = 41' })).to.deep.include({
        status: 'finished',
        exitCode: 0,
        console: [],
      });
      expect(await rpc.execute(kernelId, { mode: 'query', runId: 'r2', code: 'print(x + 1)' })).to.deep.equal(
        {
          runId: 'r2',
          status: 'finished',
          console: [['stdout', '42\n']],
          exitCode: 0,
          options: null,
          files: [],
        },
      );
    });

    it('reports an exception as a traceback on stderr and still finishes with exit code 0', async () => {
      const result = await rpc.execute(kernelId, {
        mode: 'query',
        runId: 'r3',
        code: 'print("what happens now?")\n1 / 0',
      });
      expect(result).to.include({ status: 'finished', exitCode: 0 });
      expect(result.console[0]).to.deep.equal(['stdout', 'what happens now?\n']);
      expect(result.console[1]![0]).to.equal('stderr');
      expect(String(result.console[1]![1])).to.match(
        /^Traceback[\s\S]*ZeroDivisionError: division by zero\n$/,
      );
    });

    it('round-trips input()', async () => {
      const asked = await rpc.execute(kernelId, {
        mode: 'query',
        runId: 'r4',
        code: 'name = input("What is your name?\\n>> ")\nprint(f"Hello, {name}!")',
      });
      expect(asked).to.deep.include({
        status: 'waiting-input',
        console: [['stdout', 'What is your name?\n>> ']],
        options: { is_password: false },
      });
      const answered = await rpc.execute(kernelId, { mode: 'input', runId: 'r4', code: 'Lablup' });
      expect(answered).to.deep.include({
        status: 'finished',
        console: [['stdout', 'Hello, Lablup!\n']],
        exitCode: 0,
      });
    });

    it('returns continued while a run outlasts the flush interval, then the rest', async () => {
      const results = await runToEnd(rpc, kernelId, {
        mode: 'query',
        runId: 'r5',
        code: 'import time\nprint("Tick 1", flush=True)\ntime.sleep(1.2)\nprint("Tick 2")',
      });
      expect(results[0]).to.deep.include({
        status: 'continued',
        console: [['stdout', 'Tick 1\n']],
        exitCode: null,
      });
      expect(results.at(-1)).to.include({ status: 'finished', exitCode: 0 });
      expect(stdoutOf(results)).to.equal('Tick 1\nTick 2\n');
    });

    it('runs a batch whose build fails: the exec step reports 127 and does not run', async () => {
      const results = await runToEnd(rpc, kernelId, {
        mode: 'batch',
        runId: 'b1',
        code: '',
        options: { clean: '*', build: 'echo compiling; exit 2', exec: 'echo should-not-run' },
      });
      expect(results.map((r) => [r.status, r.exitCode])).to.deep.equal([
        ['clean-finished', 0],
        ['build-finished', 2],
        ['finished', 127],
      ]);
      expect(results[1]!.console).to.deep.equal([['stdout', 'compiling\n']]);
      expect(stdoutOf(results)).to.not.contain('should-not-run');
    });

    it('interrupts a running snippet', async () => {
      const first = await rpc.execute(kernelId, {
        mode: 'query',
        runId: 'r6',
        code: 'import time\ntime.sleep(30)',
      });
      expect(first.status).to.equal('continued');
      await rpc.interruptKernel(kernelId);
      const results = await runToEnd(rpc, kernelId, { mode: 'continue', runId: 'r6', code: '' });
      const stderr = results.flatMap((r) => r.console).filter(([type]) => type === 'stderr');
      expect(String(stderr[0]?.[1])).to.contain('KeyboardInterrupt');
    });

    it('refuses to run code on a kernel it does not have', async () => {
      let error: unknown;
      await rpc
        .execute('no-such-kernel', { mode: 'query', runId: 'x', code: '' })
        .catch((e: unknown) => (error = e));
      expect(error).to.have.property('code', 'kernel-not-running');
    });
  });

  it('destroys a kernel: the process is gone, the scratch space removed, terminating/terminated published', async () => {
    const { spec, started } = await startKernel();
    const pid = Number(started.payload.info.containerId);
    expect(processExists(pid)).to.equal(true);
    await rpc.destroyKernel(spec.kernelId, '');
    expect(processExists(pid)).to.equal(false);
    expect(existsSync(join(node.dataDir, 'agent-backend-process', 'scratches', spec.kernelId))).to.equal(
      false,
    );
    expect(eventOf(events, 'kernel_terminating', spec.kernelId)?.payload).to.include({
      reason: 'user-requested',
    });
    const terminated = await published(events, 'kernel_terminated', spec.kernelId);
    expect(terminated.payload).to.include({ reason: 'user-requested', exitCode: 0 });
    // Destroying it again is a no-op.
    await rpc.destroyKernel(spec.kernelId, 'user-requested');
  });

  it('reports a kernel that exits by itself as self-terminated, and finishes the run it was in', async () => {
    const { spec, started } = await startKernel();
    const results = await runToEnd(rpc, spec.kernelId, {
      mode: 'query',
      runId: 'exit',
      code: 'print("bye", flush=True)\nimport os\nos._exit(3)',
    });
    expect(results.at(-1)).to.include({ status: 'finished', exitCode: 3 });
    expect(stdoutOf(results)).to.equal('bye\n');
    const terminated = await published(events, 'kernel_terminated', spec.kernelId);
    expect(terminated.payload).to.include({
      reason: 'self-terminated',
      exitCode: 3,
      sessionId: spec.sessionId,
    });
    expect(processExists(Number(started.payload.info.containerId))).to.equal(false);
    let error: unknown;
    await rpc
      .execute(spec.kernelId, { mode: 'query', runId: 'after', code: '' })
      .catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'kernel-not-running');
  });

  /** The kernels the agent lists in a heartbeat sent after this call. */
  async function nextHeartbeatKernels(): Promise<string[]> {
    const seen = events.filter((e) => e.name === 'agent_heartbeat').length;
    const beat = await eventually(
      () => events.filter((e) => e.name === 'agent_heartbeat')[seen + 1] ?? false,
      'a heartbeat sent after now',
    );
    return (beat.payload as EventEnvelope<'agent_heartbeat'>['payload']).kernels ?? [];
  }

  it('refuses a batch that repeats a kernel id, and starts none of it', async () => {
    const first = kernelSpec();
    const second = kernelSpec();
    let error: unknown;
    await rpc.createKernels([first, second, { ...second }]).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'invalid-api-params');
    const listed = await nextHeartbeatKernels();
    expect(listed).to.not.include.members([first.kernelId]);
    expect(listed).to.not.include.members([second.kernelId]);
    expect(events.filter((e) => eventOf([e], 'kernel_preparing', first.kernelId))).to.have.length(0);
  });

  it('creates a kernel once when the create is repeated (a retried RPC), and lists it in heartbeats', async () => {
    const spec = kernelSpec();
    await rpc.createKernels([spec]);
    await rpc.createKernels([spec]); // while it is being created
    await published(events, 'kernel_started', spec.kernelId);
    await rpc.createKernels([{ ...spec }]); // once it runs
    expect(await nextHeartbeatKernels()).to.include(spec.kernelId);
    const preparing = events.filter((e) => eventOf([e], 'kernel_preparing', spec.kernelId));
    expect(preparing, 'one creation').to.have.length(1);
    await rpc.destroyKernel(spec.kernelId, 'user-requested');
    expect(await nextHeartbeatKernels()).to.not.include(spec.kernelId);
  });

  const failures: Array<{ name: string; slots: Record<string, string>; image?: string }> = [
    { name: 'a slot no accelerator provides', slots: { cpu: '1', 'tpu.device': '1' } },
    { name: 'more devices than the node has', slots: { cpu: '1', 'cuda.device': '3' } },
    { name: 'an image the node cannot run', slots: { cpu: '1' }, image: 'cobol:1' },
  ];
  for (const failure of failures) {
    it(`reports failed-to-start for ${failure.name}, and releases the devices`, async () => {
      const spec = kernelSpec({
        resourceSlots: failure.slots,
        ...(failure.image ? { image: failure.image } : {}),
      });
      await rpc.createKernels([spec]);
      const terminated = await published(events, 'kernel_terminated', spec.kernelId);
      expect(terminated.payload).to.deep.equal({
        kernelId: spec.kernelId,
        sessionId: spec.sessionId,
        reason: 'failed-to-start',
        exitCode: null,
      });
      expect(eventOf(events, 'kernel_started', spec.kernelId)).to.equal(undefined);
      // Both devices are still free for the next kernel.
      const { spec: next } = await startKernel({ resourceSlots: { cpu: '1', 'cuda.device': '2' } });
      await rpc.destroyKernel(next.kernelId, 'user-requested');
    });
  }
});

describe('agent stop', function () {
  this.timeout(20000);

  it('destroys its kernels, says it terminated, and leaves the directory', async () => {
    const { node, rpc, events } = await bootAgentNode();
    const spec = kernelSpec();
    await rpc.createKernels([spec]);
    const started = await published(events, 'kernel_started', spec.kernelId);
    await node.stop();
    expect(processExists(Number(started.payload.info.containerId))).to.equal(false);
    expect(eventOf(events, 'kernel_terminated', spec.kernelId)?.payload).to.include({
      reason: 'agent-termination',
    });
    expect(eventOf(events, 'agent_terminated')?.payload).to.deep.equal({
      agentId: 'i-test-node',
      reason: 'shutdown',
      status: 'TERMINATED',
    });
    expect(() =>
      node.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory').connect(AGENT_ADDRESS),
    ).to.throw(/no agent/);
  });
});
