import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiConfig, BackendAPIError, BackendClientError, Client } from '@tessera/client';
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

describe('Client execute stream (local WebSocket server)', () => {
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

  it('signs the handshake like a REST GET without a content type, and sends the first message', async () => {
    const firsts: unknown[] = [];
    onSocket = (ws) =>
      ws.once('message', (data) => {
        firsts.push(JSON.parse(String(data)));
        ws.send(
          JSON.stringify({
            status: 'finished',
            console: [['stdout', '1\n']],
            exitCode: 0,
            options: null,
            files: [],
          }),
        );
        ws.close(1000);
      });
    const stream = await client().streamExecute('my sess', { mode: 'query', code: 'print(1)' });
    const results = [];
    for await (const result of stream) results.push(result);
    expect(results).to.deep.equal([
      { status: 'finished', console: [['stdout', '1\n']], exitCode: 0, options: null, files: [] },
    ]);
    expect(firsts).to.deep.equal([{ mode: 'query', code: 'print(1)', options: {} }]);
    const handshake = handshakes[0]!;
    expect(handshake.url).to.equal('/stream/session/my%20sess/execute');
    expect(handshake.headers['content-type']).to.equal(undefined);
    expect(handshake.headers['x-backendai-version']).to.equal('v9.20250722');
    expect(handshake.headers['x-backendai-date']).to.equal(handshake.headers.date);
  });

  it('throws the problem of a refused handshake (a wrong secret key is 401)', async () => {
    onSocket = () => undefined;
    const refused = await client('wrong-secret')
      .streamExecute('s', { mode: 'query', code: '' })
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(BackendAPIError).with.property('status', 401);
    expect((refused as BackendAPIError).problemSlug).to.equal('auth-failed');
  });

  it('sends input as plain text, and turns an error message into a BackendClientError naming it', async () => {
    const received: string[] = [];
    onSocket = (ws) => {
      ws.on('message', (data) => {
        received.push(String(data));
        if (received.length === 1) {
          ws.send(
            JSON.stringify({
              status: 'waiting-input',
              console: [],
              exitCode: null,
              options: { is_password: true },
              files: [],
            }),
          );
        } else {
          ws.send(JSON.stringify({ status: 'error', msg: 'the kernel is gone' }));
          ws.close(1011);
        }
      });
    };
    const prompts: boolean[] = [];
    const failure = await client()
      .streamRunCode('s', 'input()', {
        onInput: ({ isPassword }) => {
          prompts.push(isPassword);
          return 'secret text';
        },
      })
      .catch((error: unknown) => error);
    expect(prompts).to.deep.equal([true]);
    expect(received[1]).to.equal('secret text');
    expect(failure).to.be.instanceOf(BackendClientError);
    expect((failure as Error).message).to.include('the kernel is gone');
  });
});
