import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiConfig, Client } from '@tessera/client';
import { upstreamSignature } from './upstream-signature';

export const KEYS = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

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

/**
 * A local stand-in for the manager's WebSocket streams: refuses a handshake whose signature does
 * not verify (401 problem+json, as the manager), answers plain requests 404, and hands accepted
 * sockets to `onSocket`. Every handshake is kept in `handshakes`.
 */
export class SignedSocketServer {
  readonly handshakes: IncomingMessage[] = [];
  onSocket: (socket: WebSocket) => void = () => undefined;
  endpoint = '';
  private readonly server: Server;
  private readonly sockets = new WebSocketServer({ noServer: true });

  constructor() {
    this.server = createServer((_request, response) => {
      response.writeHead(404, { 'Content-Type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'https://api.backend.ai/probs/url-not-found', title: 'Not found' }),
      );
    });
    this.server.on('upgrade', (request: IncomingMessage, socket, head) => {
      this.handshakes.push(request);
      if (!handshakeSignatureValid(request)) {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n' +
            JSON.stringify({ type: 'https://api.backend.ai/probs/auth-failed', title: 'Signature mismatch' }),
        );
        return;
      }
      this.sockets.handleUpgrade(request, socket, head, (ws) => this.onSocket(ws));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets.clients) socket.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A client of this server, signing with `secretKey` (a wrong one makes the handshake fail). */
  client(secretKey = KEYS.secretKey): Client {
    return new Client(new ApiConfig({ endpoints: [this.endpoint], accessKey: KEYS.accessKey, secretKey }));
  }
}
