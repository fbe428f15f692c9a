import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiConfig, BackendAPIError, BackendClientError, Client } from '@tessera/client';
import { eventually } from '../../support/eventually';
import { upstreamSignature } from './support/upstream-signature';

const KEYS = { accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Whether a handshake's Authorization verifies with Backend.AI's own JS client as the oracle. */
function handshakeSignatureValid(request: IncomingMessage): boolean {
  const match = /^BackendAI signMethod=HMAC-SHA256, credential=([^:]+):([0-9a-f]{64})$/.exec(
    String(request.headers.authorization),
  );
  if (!match || match[1] !== KEYS.accessKey) return false;
  return (
    match[2] ===
    upstreamSignature({
      ...KEYS,
      method: 'GET',
      path: request.url ?? '/',
      date: String(request.headers.date),
      host: String(request.headers.host),
      contentType: 'application/octet-stream',
      apiVersion: String(request.headers['x-backendai-version']),
    })
  );
}

describe('Client terminal stream (local WebSocket server)', () => {
  let server: Server;
  let sockets: WebSocketServer;
  let endpoint: string;
  let handshakes: IncomingMessage[];
  let onSocket: (socket: WebSocket) => void;

  beforeEach(async () => {
    handshakes = [];
    server = createServer((_request, response) => {
      response.writeHead(404, { 'Content-Type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'https://api.backend.ai/probs/url-not-found', title: 'Not found' }),
      );
    });
    sockets = new WebSocketServer({ noServer: true });
    server.on('upgrade', (request: IncomingMessage, socket, head) => {
      handshakes.push(request);
      if (!handshakeSignatureValid(request)) {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n' +
            JSON.stringify({ type: 'https://api.backend.ai/probs/auth-failed', title: 'Signature mismatch' }),
        );
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => onSocket(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const socket of sockets.clients) socket.terminate();
    sockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const client = (secretKey = KEYS.secretKey) =>
    new Client(new ApiConfig({ endpoints: [endpoint], accessKey: KEYS.accessKey, secretKey }));

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
