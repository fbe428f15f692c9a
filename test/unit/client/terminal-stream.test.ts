import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { BackendAPIError, BackendClientError } from '@tessera/client';
import { eventually } from '../../support/eventually';
import { KEYS, SignedSocketServer } from './support/signed-socket-server';

describe('Client terminal stream (local WebSocket server)', () => {
  let stand: SignedSocketServer;
  let handshakes: IncomingMessage[];
  let onSocket: (socket: WebSocket) => void;

  beforeEach(async () => {
    stand = new SignedSocketServer();
    stand.onSocket = (socket) => onSocket(socket);
    await stand.start();
    handshakes = stand.handshakes;
  });
  afterEach(() => stand.stop());
  const client = (secretKey = KEYS.secretKey) => stand.client(secretKey);

  /** A pty stand-in: echoes stdin back as output, records every message, ends on "exit\n". */
  function echoingPty(received: Array<Record<string, unknown>>): (ws: WebSocket) => void {
    return (ws) =>
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        received.push(message);
        if (message.type === 'stdin') {
          const text = Buffer.from(String(message.chars), 'base64').toString('utf8');
          ws.send(JSON.stringify({ type: 'out', data: Buffer.from(`> ${text}`).toString('base64') }));
          if (text === 'exit\n') ws.close(1000);
        }
        if (message.type === 'resize' && message.rows === 999) {
          ws.send(JSON.stringify({ type: 'error', data: 'resize failed: no tty' }));
        }
      });
  }

  it('signs the pty handshake, sends the size first, and round-trips bytes until the shell exits', async () => {
    const received: Array<Record<string, unknown>> = [];
    onSocket = echoingPty(received);
    const terminal = await client().openTerminal('my sess', { rows: 40, cols: 120 });
    expect(handshakes[0]!.url).to.equal('/stream/session/my%20sess/pty');
    terminal.write('ls\n');
    terminal.ping();
    terminal.write(Uint8Array.from([0x03]));
    terminal.write('exit\n');
    const output: string[] = [];
    for await (const chunk of terminal) output.push(chunk.toString('utf8'));
    expect(output).to.deep.equal(['> ls\n', '> \u0003', '> exit\n']);
    expect(await terminal.ended).to.deep.equal({ how: 'exited', code: 1000, reason: '' });
    expect(received.map((message) => message.type)).to.deep.equal([
      'resize',
      'stdin',
      'ping',
      'stdin',
      'stdin',
    ]);
    expect(received[0]).to.deep.equal({ type: 'resize', rows: 40, cols: 120 });
    expect(received[1]).to.deep.equal({ type: 'stdin', chars: Buffer.from('ls\n').toString('base64') });
    expect(() => terminal.write('late')).to.throw(BackendClientError, /terminal is closed/);
  });

  it('hands output and error messages to callbacks, sends restart, and reports a client close', async () => {
    const received: Array<Record<string, unknown>> = [];
    onSocket = echoingPty(received);
    const output: string[] = [];
    const errors: string[] = [];
    const terminal = await client().openTerminal('s', {
      onOutput: (data) => output.push(data.toString('utf8')),
      onError: (message) => errors.push(message),
    });
    terminal.resize(999, 80);
    terminal.restart();
    terminal.write('a');
    await eventually(() => output.length === 1 && errors.length === 1, 'output and error');
    expect(output).to.deep.equal(['> a']);
    expect(errors).to.deep.equal(['resize failed: no tty']);
    expect(received.map((message) => message.type)).to.deep.equal(['resize', 'restart', 'stdin']);
    terminal.close();
    expect((await terminal.ended).how).to.equal('closed');
  });

  it('checks the size before sending it, naming the field', async () => {
    onSocket = echoingPty([]);
    const terminal = await client().openTerminal('s');
    expect(() => terminal.resize(0, 80)).to.throw(
      RangeError,
      /rows must be a whole number from 1 to 1000, got 0/,
    );
    expect(() => terminal.resize(24, 1.5)).to.throw(RangeError, /cols must be a whole number/);
    terminal.close();
    await terminal.ended;
    const refused = await client()
      .openTerminal('s', { rows: 24 })
      .catch((error: unknown) => error);
    expect(refused)
      .to.be.instanceOf(RangeError)
      .with.property('message')
      .that.matches(/both rows and cols/);
  });

  it('says why the manager closed it: stopping (1001), a failed restart (1011), unread output (4008)', async () => {
    for (const [code, how] of [
      [1001, 'server-stopping'],
      [1011, 'failed'],
      [4008, 'too-slow'],
    ] as const) {
      onSocket = (ws) =>
        ws.once('message', () => {
          ws.send(JSON.stringify({ type: 'error', data: 'restart failed: no shell' }));
          ws.close(code, code === 1001 ? 'manager stopping' : '');
        });
      const terminal = await client().openTerminal('s');
      terminal.restart();
      const end = await terminal.ended;
      expect(end).to.deep.equal({
        how,
        code,
        reason: code === 1001 ? 'manager stopping' : 'restart failed: no shell',
      });
    }
  });

  it('closes on the abort signal, and throws the problem of a refused handshake', async () => {
    onSocket = echoingPty([]);
    const controller = new AbortController();
    const terminal = await client().openTerminal('s', { signal: controller.signal });
    controller.abort();
    expect((await terminal.ended).how).to.equal('aborted');
    const refused = await client('wrong-secret')
      .openTerminal('s')
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(BackendAPIError).with.property('status', 401);
  });
});
