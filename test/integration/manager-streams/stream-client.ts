import { signRequest } from '@tessera/signing';
import WebSocket from 'ws';
import type { Caller } from '../manager/graphql-harness';

/** An opened stream: messages in arrival order and how the socket closed. */
export interface OpenStream {
  socket: WebSocket;
  /** The next text message, parsed as JSON (waits for it). */
  next(): Promise<unknown>;
  /** Resolves when the socket closes, with the server's close code. */
  closed: Promise<{ code: number; reason: string }>;
}

/** A handshake the manager refused, with its HTTP answer. */
export interface RefusedStream {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** How to sign: `secretKey` may be wrong on purpose (a bad signature). */
export interface StreamCaller extends Caller {
  apiVersion?: string;
}

/**
 * Opens a WebSocket on the manager with a Backend.AI-signed GET handshake, as Backend.AI's client
 * does (`Date` and `X-BackendAI-Version`, no content type: `application/octet-stream` is signed).
 */
export function connectStream(
  endpoint: string,
  caller: StreamCaller,
  path: string,
): Promise<OpenStream | RefusedStream> {
  const url = new URL(path, endpoint);
  const date = new Date().toISOString();
  const apiVersion = caller.apiVersion ?? 'v6.20220615';
  const { authorization } = signRequest({
    method: 'GET',
    pathWithQuery: url.pathname + url.search,
    rawDate: date,
    host: url.host,
    contentType: undefined,
    apiVersion,
    accessKey: caller.accessKey,
    secretKey: caller.secretKey,
  });
  url.protocol = 'ws:';
  const socket = new WebSocket(url, {
    headers: { Authorization: authorization, Date: date, 'X-BackendAI-Version': apiVersion },
  });
  const received: string[] = [];
  const waiting: Array<(text: string) => void> = [];
  socket.on('message', (data) => {
    const text = (data as Buffer).toString('utf8');
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else received.push(text);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        closed,
        next: () => {
          const text = received.shift();
          const message =
            text !== undefined
              ? Promise.resolve(text)
              : new Promise<string>((resolveMessage, rejectMessage) => {
                  waiting.push(resolveMessage);
                  void closed.then(({ code }) =>
                    rejectMessage(new Error(`the socket closed (${code}) before the next message`)),
                  );
                });
          return message.then((value) => JSON.parse(value) as unknown);
        },
      }),
    );
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
      });
    });
    socket.once('error', (error) => reject(error));
  });
}

export function opened(stream: OpenStream | RefusedStream): OpenStream {
  if (!('socket' in stream))
    throw new Error(`the handshake was refused: ${stream.status} ${JSON.stringify(stream.body)}`);
  return stream;
}

export function refused(stream: OpenStream | RefusedStream): RefusedStream {
  if ('socket' in stream) {
    stream.socket.terminate();
    throw new Error('the handshake was accepted');
  }
  return stream;
}
