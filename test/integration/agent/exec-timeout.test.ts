import { expect } from 'chai';
import type {
  AgentRpc,
  AgentRpcDirectory,
  EventBus,
  EventEnvelope,
  EventName,
  ExecutionResult,
} from '@tessera/core';
import { TesseraError } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../support/eventually';
import { kernelSpec } from '../../support/kernel-spec';

const AGENT_ADDRESS = 'inproc://i-test-node';
const OBSERVED: EventName[] = ['kernel_started', 'kernel_terminating', 'kernel_terminated'];

/** An agent node (process backend, real python3 runners) with a 1.5-second execution timeout. */
async function bootAgentNode(): Promise<{ node: TestKernel; rpc: AgentRpc; events: EventEnvelope[] }> {
  const node = await bootTestKernel({
    roles: ['agent'],
    plugins: [
      { package: '@tessera/event-bus-embedded' },
      { package: '@tessera/agent-backend-process', config: { exitGracePeriod: 1, terminateGracePeriod: 1 } },
      { package: '@tessera/accelerator-mock' },
      {
        package: '@tessera/agent',
        config: { heartbeatInterval: 0.2, flushInterval: 0.3, kernelStopTimeout: 4, execTimeout: 1.5 },
      },
    ],
  });
  const events: EventEnvelope[] = [];
  const bus = node.kernel.resolve<EventBus>('event-bus');
  for (const name of OBSERVED) await bus.subscribe(name, 'test-observer', (event) => void events.push(event));
  const rpc = node.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory').connect(AGENT_ADDRESS);
  return { node, rpc, events };
}

function published<N extends EventName>(
  events: EventEnvelope[],
  name: N,
  kernelId: string,
): Promise<EventEnvelope<N>> {
  return eventually(
    () =>
      (events.find(
        (e) =>
          e.name === name &&
          ((e.payload as { kernelId?: string }).kernelId === kernelId ||
            (e.payload as { info?: { kernelId: string } }).info?.kernelId === kernelId),
      ) as EventEnvelope<N> | undefined) ?? false,
    `${name} of ${kernelId}`,
  );
}

/** Calls execute (then continue) until the run is no longer `continued`; returns every answer. */
async function runUntilSettled(rpc: AgentRpc, kernelId: string, runId: string, code: string) {
  const results: ExecutionResult[] = [await rpc.execute(kernelId, { mode: 'query', runId, code })];
  while (results.at(-1)!.status === 'continued')
    results.push(await rpc.execute(kernelId, { mode: 'continue', runId, code: '' }));
  return results;
}

const stdoutOf = (results: ExecutionResult[]): string =>
  results
    .flatMap((r) => r.console.filter(([type]) => type === 'stdout').map(([, text]) => String(text)))
    .join('');

describe('agent: execTimeout with the process backend (real python3 kernels)', function () {
  this.timeout(30_000);
  let node: TestKernel;
  let rpc: AgentRpc;
  let events: EventEnvelope[];

  before(async () => ({ node, rpc, events } = await bootAgentNode()));
  after(async () => node?.stop());

  async function startKernel() {
    const spec = kernelSpec();
    await rpc.createKernels([spec]);
    await published(events, 'kernel_started', spec.kernelId);
    return spec;
  }

  it('answers exec-timeout with the output so far for a run that lasts too long, and destroys the kernel with reason exec-timeout', async () => {
    const spec = await startKernel();
    const started = Date.now();
    const results = await runUntilSettled(
      rpc,
      spec.kernelId,
      'spin',
      'print("spinning", flush=True)\nwhile True: pass',
    );
    const last = results.at(-1)!;
    expect(last).to.include({ runId: 'spin', status: 'exec-timeout', exitCode: null });
    expect(stdoutOf(results)).to.equal('spinning\n');
    expect(Date.now() - started).to.be.at.least(1400);
    const terminating = await published(events, 'kernel_terminating', spec.kernelId);
    expect(terminating.payload).to.include({ reason: 'exec-timeout' });
    const terminated = await published(events, 'kernel_terminated', spec.kernelId);
    expect(terminated.payload).to.include({
      kernelId: spec.kernelId,
      sessionId: spec.sessionId,
      reason: 'exec-timeout',
    });
    let refused: unknown;
    await rpc
      .execute(spec.kernelId, { mode: 'query', runId: 'after', code: 'print(1)' })
      .catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(TesseraError).with.property('code', 'kernel-not-running');
  });

  it('lets runs shorter than the timeout finish, each timed on its own', async () => {
    const spec = await startKernel();
    for (const runId of ['one', 'two', 'three']) {
      const results = await runUntilSettled(
        rpc,
        spec.kernelId,
        runId,
        'import time\ntime.sleep(0.8)\nprint("done")',
      );
      expect(results.at(-1)).to.include({ status: 'finished', exitCode: 0 });
      expect(stdoutOf(results)).to.equal('done\n');
    }
    expect(
      events.some(
        (e) =>
          e.name === 'kernel_terminating' && (e.payload as { kernelId: string }).kernelId === spec.kernelId,
      ),
    ).to.equal(false);
    await rpc.destroyKernel(spec.kernelId, 'user-requested');
  });

  it('refuses to stop a service the kernel does not declare (the process backend publishes none)', async () => {
    const spec = await startKernel();
    let refused: unknown;
    await rpc.shutdownService(spec.kernelId, 'jupyter').catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(TesseraError).with.property('code', 'object-not-found');
    expect((refused as Error).message).to.equal('The kernel has no service "jupyter" (its services: none)');
    await rpc.destroyKernel(spec.kernelId, 'user-requested');
  });
});
