import { signRequest } from '@tessera/signing';
import type { Caller } from '../../manager/graphql-harness';

/** One event as a client reads it off the stream. */
export interface ReceivedEvent {
  event: string;
  data: string;
  id: string | null;
  /** `data` parsed as JSON. */
  json: Record<string, unknown>;
}

const API_VERSION = 'v9.20250722';
const WAIT_MS = 5000;

/**
 * A small SSE reader over a signed `fetch`: it parses the stream as it arrives (field lines,
 * comments, blank-line boundaries, CRLF/LF/CR) into `events` and `comments`, and lets a test wait
 * for what it expects with a bounded wait that fails naming what it waited for and what came.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  /** Resolves when the server ended the stream (or the client closed it). */
  readonly ended: Promise<void>;
  private ended_ = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly controller: AbortController,
    body: ReadableStream<Uint8Array>,
  ) {
    this.ended = this.read(body);
  }

  /** Opens a signed `GET path` as an event stream; rejects with the status and body when it is not 200. */
  static async open(
    endpoint: string,
    caller: Caller,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const url = new URL(path, endpoint);
    const date = new Date().toISOString();
    const { authorization } = signRequest({
      method: 'GET',
      pathWithQuery: url.pathname + url.search,
      rawDate: date,
      host: url.host,
      contentType: 'application/json',
      apiVersion: API_VERSION,
      ...caller,
    });
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: {
        Authorization: authorization,
        Date: date,
        'Content-Type': 'application/json',
        'X-BackendAI-Version': API_VERSION,
        Accept: 'text/event-stream',
        ...headers,
      },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) {
      const text = await response.text();
      throw new SseRefused(response.status, response.headers.get('content-type') ?? '', text);
    }
    if (!response.headers.get('content-type')?.startsWith('text/event-stream'))
      throw new Error(`GET ${path} answered ${response.headers.get('content-type')}, not text/event-stream`);
    return new SseClient(controller, response.body);
  }

  get isEnded(): boolean {
    return this.ended_;
  }

  /** Waits until `check` holds over what arrived; fails after `timeoutMs` listing the events received. */
  async until(check: (events: ReceivedEvent[]) => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
    if (check(this.events)) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        if (check(this.events)) done(resolve);
        else if (this.ended_) done(() => reject(this.failure(`the stream ended before ${what}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(this.failure(`timed out waiting for ${what}`))),
        timeoutMs,
      );
      const done = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        then();
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits for an event named `name` (matching `where`) and returns it. */
  async next(name: string, where: (event: ReceivedEvent) => boolean = () => true): Promise<ReceivedEvent> {
    const match = (event: ReceivedEvent) => event.event === name && where(event);
    await this.until((events) => events.some(match), `a ${name} event`);
    return this.events.find(match)!;
  }

  /** Waits for the server to end the stream. */
  async end(timeoutMs = WAIT_MS): Promise<void> {
    await this.until(() => this.ended_, 'the server to end the stream', timeoutMs).catch((error: Error) => {
      if (!this.ended_) throw error;
    });
  }

  /** Closes the connection from the client's side. */
  close(): void {
    this.controller.abort();
  }

  private failure(message: string): Error {
    const seen = this.events.map((event) => `${event.event} ${event.data}`).join('\n  ');
    return new Error(`${message}; received ${this.events.length} event(s):\n  ${seen}`);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: Array<[string, string]> = [];
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let boundary: RegExpExecArray | null;
        const lineEnd = /\r\n|\n|\r(?!$)/;
        while ((boundary = lineEnd.exec(buffer))) {
          const line = buffer.slice(0, boundary.index);
          buffer = buffer.slice(boundary.index + boundary[0].length);
          if (line === '') {
            if (fields.length) this.dispatch(fields);
            fields = [];
          } else if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            this.notify();
          } else {
            const colon = line.indexOf(':');
            const key = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            fields.push([key, value]);
          }
        }
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the stream has ended.
    } finally {
      this.ended_ = true;
      this.notify();
    }
  }

  private dispatch(fields: Array<[string, string]>): void {
    let event = 'message';
    let id: string | null = null;
    const data: string[] = [];
    for (const [key, value] of fields) {
      if (key === 'event') event = value;
      else if (key === 'id') id = value;
      else if (key === 'data') data.push(value);
    }
    const text = data.join('\n');
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: json stays empty, data keeps the text
    }
    this.events.push({ event, data: text, id, json });
    this.notify();
  }
}

/** A stream request the server answered with an error instead of a stream. */
export class SseRefused extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: string,
  ) {
    super(`the stream was refused with ${status}: ${body}`);
  }

  get problem(): Record<string, unknown> {
    return JSON.parse(this.body) as Record<string, unknown>;
  }
}

/** Runs `open` expecting a refusal and returns it. */
export async function refusal(open: Promise<SseClient>): Promise<SseRefused> {
  let client: SseClient;
  try {
    client = await open;
  } catch (error) {
    if (error instanceof SseRefused) return error;
    throw error;
  }
  client.close();
  throw new Error('the stream opened');
}
