import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Milliseconds to establish the connection. */
  connectTimeoutMs: number;
  /** Milliseconds from the request being sent to the first byte of the answer; 0 = no limit. */
  readTimeoutMs: number;
  signal?: AbortSignal;
  skipCertValidation?: boolean;
  onDownloadProgress?: (received: number, total: number | null) => void;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A failed exchange. `phase` says whether the connection was never made (the request did not
 * reach the server, so another endpoint may be tried) or broke after the request was sent.
 */
export class TransportFailure extends Error {
  constructor(
    readonly phase: 'connect' | 'exchange',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One HTTP exchange over node:http(s). It is used instead of fetch because fetch cannot tell
 * "no connection within N seconds" from "no answer within M seconds", and Backend.AI clients
 * configure those two timeouts separately.
 */
export function sendHttpRequest(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let connected = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      outcome();
    };
    const fail = (failure: TransportFailure): void => {
      finish(() => reject(failure));
      outgoing.destroy();
    };

    const transport = request.url.protocol === 'https:' ? https : http;
    const outgoing = transport.request(request.url, {
      method: request.method,
      headers: request.body
        ? { ...request.headers, 'Content-Length': String(request.body.length) }
        : request.headers,
      signal: request.signal,
      rejectUnauthorized: !request.skipCertValidation,
    });

    outgoing.on('socket', (socket) => {
      const onConnected = (): void => {
        connected = true;
        if (request.readTimeoutMs > 0) {
          timers.push(
            setTimeout(
              () => fail(new TransportFailure('exchange', 'READ_TIMEOUT', 'no answer in time')),
              request.readTimeoutMs,
            ),
          );
        }
      };
      if (!socket.connecting) return onConnected();
      timers.push(
        setTimeout(
          () => fail(new TransportFailure('connect', 'CONNECT_TIMEOUT', 'no connection in time')),
          request.connectTimeoutMs,
        ),
      );
      socket.once(request.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        timers.forEach(clearTimeout);
        timers.length = 0;
        onConnected();
      });
    });

    outgoing.on('response', (incoming) => {
      timers.forEach(clearTimeout);
      const chunks: Buffer[] = [];
      const announced = Number(incoming.headers['content-length']);
      const total = Number.isSafeInteger(announced) && announced >= 0 ? announced : null;
      let received = 0;
      incoming.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        request.onDownloadProgress?.(received, total);
      });
      incoming.on('end', () =>
        finish(() =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          }),
        ),
      );
      incoming.on('error', (error: NodeJS.ErrnoException) =>
        finish(() => reject(new TransportFailure('exchange', error.code ?? 'ERESPONSE', error.message))),
      );
    });

    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.name === 'AbortError' ? 'ABORTED' : (error.code ?? 'EUNKNOWN');
      finish(() => reject(new TransportFailure(connected ? 'exchange' : 'connect', code, error.message)));
    });

    outgoing.end(request.body);
  });
}
