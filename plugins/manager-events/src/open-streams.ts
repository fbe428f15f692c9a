import type { ServerResponse } from 'node:http';
import { EventErrors } from './event-errors';
import { SseStream, type SseStreamOptions } from './sse-stream';

/**
 * Every SSE stream this manager has open, so that all of them end when the manager stops (their
 * clients see the connection close and may reconnect to another manager). A stream leaves the set
 * when it closes, for whatever reason.
 */
export class OpenStreams {
  private readonly streams = new Set<SseStream>();
  private closing = false;

  constructor(private readonly options: SseStreamOptions) {}

  /** Starts an event-stream response on `response`; refused once the manager is stopping. */
  open(response: ServerResponse): SseStream {
    if (this.closing) throw EventErrors.stopping();
    const stream = new SseStream(response, this.options);
    this.streams.add(stream);
    stream.onClose(() => this.streams.delete(stream));
    return stream;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Ends every open stream and refuses new ones. */
  closeAll(): void {
    this.closing = true;
    for (const stream of [...this.streams]) stream.close();
  }
}
