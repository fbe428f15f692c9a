import { expect } from 'chai';
import { AgentErrors } from '@tessera/agent';
import {
  ALICE,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  statusReached,
} from '../manager/graphql-harness';
import { eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { connectStream, opened, refused, type OpenStream } from './stream-client';

const stdin = (text: string) =>
  JSON.stringify({ type: 'stdin', chars: Buffer.from(text).toString('base64') });

/** Reads `out` messages until their decoded text contains `wanted`; returns that text. */
async function outputUntil(stream: OpenStream, wanted: string): Promise<string> {
  let text = '';
  while (!text.includes(wanted)) {
    const message = (await stream.next()) as { type: string; data: string };
    expect(message.type, JSON.stringify(message)).to.equal('out');
    text += Buffer.from(message.data, 'base64').toString('utf8');
  }
  return text;
}

/**
 * `/stream/session/:id/pty` against a booted manager with `@tessera/manager-streams`: real signed
 * WebSockets; the scripted agent's terminals echo what they are given (`echo:<input>`). The path
 * through a real agent and a real shell is in pty-real-agent.test.ts.
 */
describe('manager-streams: /stream/session/:id/pty', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let sessionId: string;

  beforeEach(async () => {
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-streams' }] });
    sessionId = await createSession(deployment, SUPERADMIN, 'termed');
    await statusReached(deployment, sessionId, 'RUNNING');
  });
  afterEach(async () => {
    await deployment?.stop();
  });

  const open = async (path = '/stream/session/termed/pty') =>
    opened(await connectStream(deployment.endpoint, SUPERADMIN, path));

  it("relays stdin to the main kernel's terminal and its output back as base64 `out` messages", async () => {
    const stream = await open(`/v6/stream/session/${sessionId}/pty?app=ttyd`);
    const [terminal] = deployment.agent.terminals;
    expect(terminal!.kernelId).to.equal(sessionId);
    expect(terminal!.sizes).to.deep.equal([{ rows: 24, cols: 80 }]);
    stream.socket.send(stdin('echo hi\n'));
    expect(await outputUntil(stream, 'echo hi\n')).to.equal('echo:echo hi\n');
    terminal!.emit(Buffer.from([0x1b, 0x5b, 0x48, 0xe2, 0x82, 0xac]));
    const raw = (await stream.next()) as { data: string };
    expect(Buffer.from(raw.data, 'base64')).to.deep.equal(Buffer.from([0x1b, 0x5b, 0x48, 0xe2, 0x82, 0xac]));
  });

  it('resizes the tty, and answers a malformed message with an error naming the field, staying open', async () => {
    const stream = await open();
    stream.socket.send(JSON.stringify({ type: 'resize', rows: 40, cols: 132 }));
    await eventually(() => deployment.agent.terminals[0]!.sizes.length === 2, 'the resize');
    expect(deployment.agent.terminals[0]!.sizes[1]).to.deep.equal({ rows: 40, cols: 132 });
    stream.socket.send(JSON.stringify({ type: 'resize', rows: 0, cols: 80 }));
    expect(await stream.next()).to.deep.equal({
      type: 'error',
      data: 'Invalid resize: rows must be a whole number from 1 to 1000, got 0',
    });
    stream.socket.send(JSON.stringify({ type: 'stdin', chars: 'not base64!' }));
    expect(await stream.next()).to.deep.equal({
      type: 'error',
      data: 'Invalid parameter chars: expected the input bytes in base64',
    });
    stream.socket.send(JSON.stringify({ type: 'ping' }));
    stream.socket.send(stdin('still here\n'));
    expect(await outputUntil(stream, 'still here')).to.equal('echo:still here\n');
  });

  it('restart closes the terminal program and opens a new one of the last size', async () => {
    const stream = await open();
    stream.socket.send(JSON.stringify({ type: 'resize', rows: 30, cols: 90 }));
    stream.socket.send(JSON.stringify({ type: 'restart' }));
    await eventually(() => deployment.agent.terminals.length === 2, 'a second terminal');
    const [first, second] = deployment.agent.terminals;
    expect(first!.closed).to.equal(true);
    expect(second!.sizes).to.deep.equal([{ rows: 30, cols: 90 }]);
    stream.socket.send(stdin('after\n'));
    expect(await outputUntil(stream, 'after')).to.equal('echo:after\n');
    expect(second!.written.map(String)).to.deep.equal(['after\n']);
    expect(deployment.agent.restarted, 'the kernel itself is not restarted').to.deep.equal([]);
  });

  it("closing the client closes the agent's terminal", async () => {
    const stream = await open();
    stream.socket.close();
    await eventually(() => deployment.agent.terminals[0]!.closed, 'the terminal closed');
  });

  it('the terminal program ending closes the stream with 1000', async () => {
    const stream = await open();
    deployment.agent.terminals[0]!.end(0);
    expect((await stream.closed).code).to.equal(1000);
  });

  it("refuses another user's session before any terminal opens: 404, and 403 with owner_access_key", async () => {
    const byName = refused(await connectStream(deployment.endpoint, ALICE, '/stream/session/termed/pty'));
    expect(byName.status).to.equal(404);
    expect(byName.body['type']).to.equal('https://api.backend.ai/probs/session-not-found');
    const byId = refused(await connectStream(deployment.endpoint, ALICE, `/stream/session/${sessionId}/pty`));
    expect(byId.status).to.equal(404);
    const asOwner = refused(
      await connectStream(
        deployment.endpoint,
        ALICE,
        '/stream/session/termed/pty?owner_access_key=AKIAIOSFODNN7EXAMPLE',
      ),
    );
    expect(asOwner.status).to.equal(403);
    expect(deployment.agent.terminals).to.deep.equal([]);
  });

  it("answers the agent's refusal to open a terminal as problem+json before the upgrade", async () => {
    deployment.agent.openTerminal = async () => {
      throw AgentErrors.notSupported('process', 'terminals');
    };
    const answer = refused(
      await connectStream(deployment.endpoint, SUPERADMIN, '/stream/session/termed/pty'),
    );
    expect(answer.status).to.equal(501);
    expect(answer.contentType).to.match(/^application\/problem\+json/);
    expect(String(answer.body['title'] ?? answer.body['detail'] ?? '')).to.match(/terminals/);
  });
});
