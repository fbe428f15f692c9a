import * as http from 'node:http';
import * as https from 'node:https';
import { BackendClientError } from './errors';
import { TransportFailure } from './http-transport';
import type { ManagerConnection } from './manager-connection';
import { problemFromResponse } from './problem-details';

/** One Server-Sent Event as it came off the wire; `data` is the joined `data:` lines. */
export interface SseMessage {
  /** The `id:` field, or the last id seen on this stream (the spec's "last event ID"). */
  id: string;
  /** The `event:` field; `message` when absent. */
  event: string;
  data: string;
  /** `retry:` when the server sent one with this event. */
  retry?: number;
}

/**
 * Incremental parser of `text/event-stream` (WHATWG HTML §9.2.6): feed it chunks as they arrive, in
 * any split (a line, a CRLF or a UTF-8 character may straddle two chunks); it returns the events
 * each chunk completed. Comment lines (`: ping`) are handed to `onComment`.
 */
export class SseParser {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');
  private lastId = '';
  private eventType = '';
  private dataLines: string[] | undefined;
  private retry: number | undefined;
  /** The previous chunk ended with CR: a LF starting the next one belongs to it. */
  private pendingCr = false;

  constructor(private readonly onComment?: (text: string) => void) {}

  /** The id of the last event seen, for `Last-Event-ID` on reconnection. */
  get lastEventId(): string {
    return this.lastId;
  }

  feed(chunk: Buffer | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const events: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A CR at the very end may be the first half of a CRLF: keep the line, skip a LF that follows.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.onComment?.(line.slice(1).trimStart());
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        (this.dataLines ??= []).push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored, as the standard says
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const dataLines = this.dataLines;
    const event = this.eventType || 'message';
    const retry = this.retry;
    this.dataLines = undefined;
    this.eventType = '';
    this.retry = undefined;
    if (dataLines === undefined) return undefined;
    return {
      id: this.lastId,
      event,
      data: dataLines.join('\n'),
      ...(retry !== undefined ? { retry } : {}),
    };
  }
}

export interface EventStreamRequest {
  path: string;
  query: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Reconnections allowed after the connection drops (default 1). */
  reconnects?: number;
  /** An event after which the server closes on purpose: the stream ends there, no reconnection. */
  isFinal?: (message: SseMessage) => boolean;
  /** Comment lines (`: ping`, the manager's notes on resuming). */
  onComment?: (text: string) => void;
  /** Called each time the stream is (re)connected and the server answered 200. */
  onOpen?: (resumedFrom: string | undefined) => void;
}

/**
 * Reads a signed SSE stream as an async iterator. When the connection drops (an error, or the
 * server ending the response before a final event), it reconnects with `Last-Event-ID` as many
 * times as `reconnects` allows; an error answer (401, 404, ...) is thrown as BackendAPIError.
 * Breaking out of the loop or aborting `signal` closes the connection.
 */
export async function* readEventStream(
  connection: ManagerConnection,
  request: EventStreamRequest,
): AsyncGenerator<SseMessage, void, undefined> {
  let reconnectsLeft = request.reconnects ?? 1;
  let lastEventId: string | undefined;
  for (;;) {
    const stream = await openStream(connection, request, lastEventId);
    request.onOpen?.(lastEventId);
    const parser = new SseParser(request.onComment);
    let dropped: unknown;
    try {
      for await (const chunk of stream.response) {
        for (const message of parser.feed(chunk as Buffer)) {
          yield message;
          if (request.isFinal?.(message)) return;
        }
      }
    } catch (error) {
      if (request.signal?.aborted) throw new BackendClientError('aborted', 'the event stream was cancelled');
      dropped = error;
    } finally {
      stream.close();
    }
    if (request.signal?.aborted) throw new BackendClientError('aborted', 'the event stream was cancelled');
    if (parser.lastEventId !== '') lastEventId = parser.lastEventId;
    if (reconnectsLeft <= 0) {
      const why = dropped instanceof Error ? ` (${dropped.message})` : '';
      throw new BackendClientError(
        'connection-lost',
        `the event stream ${request.path} was cut off${why} and reconnecting did not help`,
        { cause: dropped },
      );
    }
    reconnectsLeft -= 1;
  }
}

interface OpenedStream {
  response: http.IncomingMessage;
  close(): void;
}

async function openStream(
  connection: ManagerConnection,
  request: EventStreamRequest,
  lastEventId: string | undefined,
): Promise<OpenedStream> {
  const config = connection.config;
  return connection.connect(
    (endpoint) =>
      new Promise<OpenedStream>((resolve, reject) => {
        const url = connection.urlFor(endpoint, request.path, request.query);
        const headers: Record<string, string> = {
          Accept: 'text/event-stream',
          'Cache-Control': 'no-cache',
          ...connection.signedHeaders('GET', url),
        };
        if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
        const transport = url.protocol === 'https:' ? https : http;
        let connected = false;
        const outgoing = transport.request(url, {
          method: 'GET',
          headers,
          signal: request.signal,
          rejectUnauthorized: !config.skipSslCertValidation,
          agent: false, // a long-lived stream must not hold a pooled socket
        });
        const connectTimer = setTimeout(() => {
          outgoing.destroy(new TransportFailure('connect', 'CONNECT_TIMEOUT', 'no connection in time'));
        }, config.connectionTimeout * 1000);
        outgoing.on('socket', (socket) => {
          const onConnect = (): void => {
            connected = true;
            clearTimeout(connectTimer);
          };
          if (!socket.connecting) onConnect();
          else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', onConnect);
        });
        outgoing.on('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(connectTimer);
          if (error instanceof TransportFailure) return reject(error);
          const code = error.name === 'AbortError' ? 'ABORTED' : (error.code ?? 'EUNKNOWN');
          reject(new TransportFailure(connected ? 'exchange' : 'connect', code, error.message));
        });
        outgoing.on('response', (response) => {
          clearTimeout(connectTimer);
          const status = response.statusCode ?? 0;
          const type = String(response.headers['content-type'] ?? '');
          if (status === 200 && type.startsWith('text/event-stream')) {
            resolve({ response, close: () => outgoing.destroy() });
            return;
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) =>
            reject(new TransportFailure('exchange', 'ERESPONSE', error.message)),
          );
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            let data: unknown;
            try {
              data = /json/.test(type) ? JSON.parse(body.toString('utf8')) : undefined;
            } catch {
              data = undefined;
            }
            if (status >= 400) return reject(problemFromResponse(status, data, body));
            reject(
              new BackendClientError(
                'bad-response',
                `the manager answered ${request.path} with HTTP ${status} (${type || 'no content type'}), not an event stream`,
              ),
            );
          });
        });
        outgoing.end();
      }),
  );
}
