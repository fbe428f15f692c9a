import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, TesseraError } from '@tessera/core';
import { HttpAgentRpcTransport, SigningSecret } from '@tessera/agent-rpc-http';
import { eventually } from '../../support/eventually';
import { IMAGES_BUILD_TIMEOUT_MS, PYTHON_IMAGE } from '../../support/kernel-images';
import { runCommand } from '../../support/run-command';
import { SUPERADMIN, signedCall } from '../manager/graphql-harness';
import { connectStream, opened, type OpenStream } from '../manager-streams/stream-client';
import {
  bootRealCluster,
  dockerBackend,
  removeScopeContainers,
  requireDockerKernels,
  runCode,
  runningSession,
  type RealCluster,
} from './support/real-cluster';

const stdin = (text: string) =>
  JSON.stringify({ type: 'stdin', chars: Buffer.from(text).toString('base64') });

/** Reads `out` messages until their text (all of it so far) matches `wanted`; returns that text. */
async function outputUntil(stream: OpenStream, wanted: RegExp): Promise<string> {
  let text = '';
  while (!wanted.test(text)) {
    const message = (await Promise.race([
      stream.next(),
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`no output matching ${wanted} in ${JSON.stringify(text)}`)),
          15_000,
        ),
      ),
    ])) as { type: string; data: string };
    expect(message.type, JSON.stringify(message)).to.equal('out');
    text += Buffer.from(message.data, 'base64').toString('utf8');
  }
  return text;
}

/**
 * `/stream/session/:id/pty` end to end: a signed client WebSocket to the manager, agent RPC over
 * http:// (the terminal on agent-rpc-http's WebSocket), the real agent, and a shell on a pty in a
 * docker container (`docker exec` with a tty) of the session's kernel.
 */
describe('terminal through the manager and a real agent over http:// (docker backend)', function () {
  this.timeout(120_000);
  const scope = `tessera-pty-test-${randomBytes(4).toString('hex')}`;
  let scratchRoot: string;
  let cluster: RealCluster;
  let sessionId: string;

  before(async function () {
    this.timeout(IMAGES_BUILD_TIMEOUT_MS);
    await requireDockerKernels();
    scratchRoot = mkdtempSync(join(tmpdir(), 'tessera-pty-'));
    cluster = await bootRealCluster({
      backend: dockerBackend(scope, scratchRoot, [31700, 31799]),
      http: true,
    });
    sessionId = await runningSession(cluster, 'shell', PYTHON_IMAGE);
  });
  after(async () => {
    await cluster?.stop();
    await removeScopeContainers(scope);
    if (scratchRoot) rmSync(scratchRoot, { recursive: true, force: true });
  });

  const open = async () =>
    opened(await connectStream(cluster.endpoint, SUPERADMIN, '/stream/session/shell/pty'));

  it('runs what is typed in a shell of the kernel and sends its output back', async () => {
    expect(cluster.agentAddress).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const stream = await open();
    stream.socket.send(stdin('echo hi\n'));
    // The tty echoes the command line ("echo hi"); the command's own output is a line of its own.
    expect(await outputUntil(stream, /[\r\n]hi\r\n/)).to.match(/[\r\n]hi\r\n/);
    stream.socket.close();
  });

  it("resizes the shell's tty", async () => {
    const stream = await open();
    stream.socket.send(JSON.stringify({ type: 'resize', rows: 41, cols: 133 }));
    stream.socket.send(stdin('stty size\n'));
    expect(await outputUntil(stream, /[\r\n]41 133\r\n/)).to.match(/[\r\n]41 133\r\n/);
    stream.socket.close();
  });

  it('closing the client closes the terminal on the agent', async () => {
    const count = (msg: string) => cluster.test.logs.filter((line) => line['msg'] === msg).length;
    const stream = await open();
    stream.socket.send(stdin('echo open\n'));
    await outputUntil(stream, /[\r\n]open\r\n/);
    await eventually(
      () => count('terminal closed') === count('terminal opened') - 1,
      'this terminal to be the only one open on the agent',
    );
    stream.socket.close();
    await eventually(
      () => count('terminal closed') === count('terminal opened'),
      "the agent's terminal to close",
    );
  });

  it('closing the client ends the shell in the container', async () => {
    const stream = await open();
    stream.socket.send(stdin('echo "pid=$$"\n'));
    const pid = /[\r\n]pid=(\d+)\r\n/.exec(await outputUntil(stream, /[\r\n]pid=\d+\r\n/))![1]!;
    const containerId = (await cluster.db.sessions.get(sessionId))!.kernels[0]!.containerId!;
    const alive = async () =>
      await runCommand('docker', ['exec', containerId, 'test', '-d', `/proc/${pid}`]).then(
        () => true,
        () => false,
      );
    expect(await alive()).to.equal(true);
    stream.socket.close();
    await eventually(async () => !(await alive()), 'the shell to end', { timeoutMs: 15_000 });
  });

  it("refuses the agent's terminal WebSocket to a caller signing with another secret", async () => {
    const stranger = new HttpAgentRpcTransport(
      { callTimeoutMs: 5000, retries: 0, maxBodySize: 1 << 20, maxClockSkewMs: 300_000 },
      new SigningSecret('x'.repeat(48), 1000),
      createLogger({ level: 'silent' }),
    );
    try {
      const outcome = await stranger
        .connect(cluster.agentAddress)
        .openTerminal(sessionId, { rows: 24, cols: 80 })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(outcome).to.be.instanceOf(TesseraError);
      expect((outcome as TesseraError).code).to.equal('agent-rpc-refused');
      expect((outcome as TesseraError).details).to.include({ status: 401 });
    } finally {
      await stranger.close();
    }
  });

  it('PATCH restarts the kernel: variables go, /home/work stays, open terminals close (1000)', async () => {
    await runCode(cluster, 'shell', "answer = 41\nopen('/home/work/kept.txt', 'w').write('still here')");
    expect((await runCode(cluster, 'shell', 'print(answer + 1)')).stdout).to.equal('42\n');
    const stream = await open();
    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'PATCH', '/session/shell');
    expect(answer.status, JSON.stringify(answer.body)).to.equal(204);
    expect((await stream.closed).code).to.equal(1000);
    expect((await runCode(cluster, 'shell', 'print(answer)')).stderr).to.match(/NameError/);
    expect((await runCode(cluster, 'shell', "print(open('/home/work/kept.txt').read())")).stdout).to.equal(
      'still here\n',
    );
    expect((await cluster.db.sessions.get(sessionId))!.status).to.equal('RUNNING');
    const again = await open();
    again.socket.send(stdin('echo back\n'));
    await outputUntil(again, /[\r\n]back\r\n/);
    again.socket.close();
  });

  it('terminating the session closes its terminal stream (1000)', async () => {
    const stream = await open();
    stream.socket.send(stdin('echo ready\n'));
    await outputUntil(stream, /[\r\n]ready\r\n/);
    const answer = await signedCall(cluster.endpoint, SUPERADMIN, 'DELETE', '/session/shell');
    expect(answer.status).to.equal(204);
    expect((await stream.closed).code).to.equal(1000);
  });
});
