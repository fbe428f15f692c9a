import { expect } from 'chai';
import WebSocket from 'ws';
import { createLogger, TesseraError, type AgentRpc, type KernelTerminal } from '@tessera/core';
import {
  authorizationFor,
  DATE_HEADER,
  HttpAgentRpcTransport,
  SigningSecret,
  terminalTarget,
  type HttpRpcServing,
} from '@tessera/agent-rpc-http';
import { eventually } from '../../support/eventually';
import { kernelSpec } from '../../support/kernel-spec';
import { FakeAgent } from './fake-agent';

const SECRET = 'a'.repeat(64);
const SETTINGS = { callTimeoutMs: 5000, retries: 1, maxBodySize: 1 << 20, maxClockSkewMs: 300_000 };

function transport(secret = SECRET): HttpAgentRpcTransport {
  return new HttpAgentRpcTransport(
    SETTINGS,
    new SigningSecret(secret, 1000),
    createLogger({ level: 'silent' }),
  );
}

/** Everything a terminal outputs, as text, collected from the moment of the call. */
function collect(terminal: KernelTerminal): { text: () => string } {
  const chunks: Buffer[] = [];
  terminal.onOutput((chunk) => chunks.push(chunk));
  return { text: () => Buffer.concat(chunks).toString('utf8') };
}

async function rejection(promise: Promise<unknown>): Promise<TesseraError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof TesseraError)) throw new Error(`expected a TesseraError, got ${String(outcome)}`);
  return outcome;
}

/** Terminals over agent-rpc-http's WebSocket: a real agent-side server and a real manager-side client. */
describe('agent-rpc-http: terminals over a signed WebSocket', function () {
  this.timeout(20_000);
  let agentSide: HttpAgentRpcTransport;
  let managerSide: HttpAgentRpcTransport;
  let fake: FakeAgent;
  let serving: HttpRpcServing;
  let rpc: AgentRpc;
  let kernelId: string;

  beforeEach(async () => {
    fake = new FakeAgent();
    agentSide = transport();
    managerSide = transport();
    serving = await agentSide.serve('http://127.0.0.1:0', fake);
    rpc = managerSide.connect(serving.url);
    const spec = kernelSpec();
    kernelId = spec.kernelId;
    await rpc.createKernels([spec]);
  });
  afterEach(async () => {
    await managerSide.close();
    await agentSide.close();
  });

  it("carries input, output (the shell's first output included) and resizes both ways", async () => {
    const terminal = await rpc.openTerminal(kernelId, { rows: 30, cols: 100 });
    const output = collect(terminal);
    expect(fake.terminals).to.have.length(1);
    expect(fake.terminals[0]!.sizes).to.deep.equal([{ rows: 30, cols: 100 }]);
    await eventually(() => output.text() === '$ ', 'the prompt sent before the caller listened');
    terminal.write('ls -l\n');
    terminal.write(Buffer.from([0x03, 0xff]));
    await eventually(() => output.text().includes('echo:ls -l\n'), 'the echoed input');
    await eventually(() => fake.terminals[0]!.written.length === 2, 'the raw bytes');
    expect(fake.terminals[0]!.written[1]).to.deep.equal(Buffer.from([0x03, 0xff]));
    await terminal.resize({ rows: 50, cols: 160 });
    expect(fake.terminals[0]!.sizes.at(-1)).to.deep.equal({ rows: 50, cols: 160 });
  });

  it("closing on the manager's side closes the agent's terminal", async () => {
    const terminal = await rpc.openTerminal(kernelId, { rows: 24, cols: 80 });
    await terminal.close();
    await eventually(() => fake.terminals[0]!.closed, "the agent's terminal closed");
  });

  it("the shell ending on the agent's side resolves exited with its exit code", async () => {
    const terminal = await rpc.openTerminal(kernelId, { rows: 24, cols: 80 });
    fake.terminals[0]!.end(3);
    expect(await terminal.exited).to.equal(3);
    await rejection(terminal.resize({ rows: 10, cols: 10 }));
  });

  it('the agent stopping ends the terminal on both sides', async () => {
    const terminal = await rpc.openTerminal(kernelId, { rows: 24, cols: 80 });
    await serving.close();
    expect(await terminal.exited).to.equal(null);
    await eventually(() => fake.terminals[0]!.closed, "the agent's terminal closed");
  });

  it("rebuilds the agent's error when the terminal cannot be opened", async () => {
    const error = await rejection(rpc.openTerminal('no-such-kernel', { rows: 24, cols: 80 }));
    expect(error.code).to.equal('kernel-not-running');
    expect(error.status).to.equal(409);
  });

  it('refuses an upgrade signed with another secret, before any terminal opens', async () => {
    const stranger = transport('b'.repeat(64));
    try {
      const error = await rejection(
        stranger.connect(serving.url).openTerminal(kernelId, { rows: 24, cols: 80 }),
      );
      expect(error.code).to.equal('agent-rpc-refused');
      expect(error.details).to.include({ status: 401, remoteCode: 'agent-rpc-unauthorized' });
      expect(fake.calls.openTerminal ?? 0).to.equal(0);
    } finally {
      await stranger.close();
    }
  });

  it('refuses an unsigned upgrade and one whose signature covers another size', async () => {
    const url = serving.url.replace('http:', 'ws:');
    const refusedStatus = (headers: Record<string, string>, target: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(url + target, { headers });
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('open', () => reject(new Error('the upgrade was accepted')));
        socket.once('error', () => undefined);
      });
    const target = terminalTarget(kernelId, { rows: 24, cols: 80 });
    expect(await refusedStatus({}, target)).to.equal(401);
    const date = new Date().toISOString();
    const signedForOther = authorizationFor(
      SECRET,
      'GET',
      terminalTarget(kernelId, { rows: 1, cols: 1 }),
      date,
      '',
    );
    expect(await refusedStatus({ [DATE_HEADER]: date, authorization: signedForOther }, target)).to.equal(401);
    const signed = authorizationFor(SECRET, 'GET', target, date, '');
    expect(await refusedStatus({ [DATE_HEADER]: date, authorization: signed }, '/terminal/x')).to.equal(404);
    expect(fake.calls.openTerminal ?? 0).to.equal(0);
  });
});
