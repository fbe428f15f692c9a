import { expect } from 'chai';
import type { AgentRpc, AgentRpcDirectory, EventBus, EventEnvelope } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { eventually } from '../../support/eventually';
import { kernelSpec } from '../../support/kernel-spec';

const AGENT_ADDRESS = 'inproc://i-files-node';

/** Awaits `action` and answers the TesseraError it fails with. */
async function failure(
  action: () => Promise<unknown>,
): Promise<{ code: string; status: number; message: string }> {
  try {
    await action();
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error('expected a refusal, and the call succeeded');
}

describe('agent: session files and completion over agent RPC (process backend, real python3 kernels)', function () {
  this.timeout(30_000);
  let node: TestKernel;
  let rpc: AgentRpc;
  let kernelId: string;

  before(async () => {
    node = await bootTestKernel({
      roles: ['agent'],
      plugins: [
        { package: '@tessera/event-bus-embedded' },
        {
          package: '@tessera/agent-backend-process',
          config: { exitGracePeriod: 1, terminateGracePeriod: 1 },
        },
        { package: '@tessera/accelerator-mock' },
        {
          package: '@tessera/agent',
          config: { agentId: 'i-files-node', heartbeatInterval: 0.2, flushInterval: 0.4 },
        },
      ],
    });
    const events: EventEnvelope[] = [];
    await node.kernel
      .resolve<EventBus>('event-bus')
      .subscribe('kernel_started', 'test-observer', (event) => void events.push(event));
    rpc = node.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory').connect(AGENT_ADDRESS);
    const spec = kernelSpec();
    kernelId = spec.kernelId;
    await rpc.createKernels([spec]);
    await eventually(() => events.length > 0, 'the kernel to start');
  });
  after(async () => node?.stop());

  it('uploads, lists and downloads files of a kernel, base64 on the wire', async () => {
    await rpc.uploadFiles(kernelId, [
      { path: '/home/work/in/a.txt', content: Buffer.from('alpha').toString('base64') },
      { path: 'in/b.txt', content: Buffer.from('beta').toString('base64') },
    ]);
    const listing = await rpc.listFiles(kernelId, 'in');
    expect(listing.path).to.equal('/home/work/in');
    expect(listing.files.map((f) => [f.filename, f.size])).to.deep.equal([
      ['a.txt', 5],
      ['b.txt', 4],
    ]);
    const run = await rpc.execute(kernelId, {
      mode: 'query',
      runId: 'read',
      code: 'print(open("in/a.txt").read())',
    });
    expect(run.console).to.deep.equal([['stdout', 'alpha\n']]);
    const { archive, size } = await rpc.downloadFiles(kernelId, ['in/b.txt']);
    const bytes = Buffer.from(archive, 'base64');
    expect(bytes.length).to.equal(size);
    expect(bytes.includes(Buffer.from('beta'))).to.equal(true);
  });

  it('checks paths and limits again on the agent, whatever the caller checked', async () => {
    const outside = await failure(() => rpc.uploadFiles(kernelId, [{ path: '../evil', content: '' }]));
    expect(outside.code).to.equal('invalid-api-params');
    expect(outside.message).to.contain('../evil');
    const tooLarge = await failure(() =>
      rpc.uploadFiles(kernelId, [{ path: 'big', content: Buffer.alloc(1024 * 1024 + 1).toString('base64') }]),
    );
    expect(tooLarge.code).to.equal('invalid-api-params');
    const manyPaths = await failure(() => rpc.downloadFiles(kernelId, ['1', '2', '3', '4', '5', '6']));
    expect(manyPaths.code).to.equal('invalid-api-params');
    expect((await failure(() => rpc.listFiles(kernelId, '/etc'))).code).to.equal('invalid-api-params');
    expect((await failure(() => rpc.listFiles('no-such-kernel', ''))).code).to.equal('kernel-not-running');
  });

  it("completes from the kernel's namespace: pri suggests print, and names the kernel defined", async () => {
    const builtins = await rpc.complete(kernelId, { code: 'pri', options: { row: 0, col: 3 } });
    expect(builtins.some((suggestion) => suggestion.startsWith('print'))).to.equal(true);
    await rpc.execute(kernelId, { mode: 'query', runId: 'define', code: 'tessera_answer = 42' });
    expect(await rpc.complete(kernelId, { code: 'x = tessera_an' })).to.deep.equal(['tessera_answer']);
    expect(await rpc.complete(kernelId, { code: '' })).to.deep.equal([]);
  });
});
