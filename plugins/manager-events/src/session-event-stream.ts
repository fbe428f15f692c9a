import type { Logger } from '@tessera/core';
import type { HeldSessionEvent, SessionEventHub } from './session-event-hub';
import { sessionEventData } from './session-event-view';
import { streamWants, type SessionStreamFilter } from './session-stream-filter';
import type { SseStream } from './sse-stream';

/** Events a stream may have waiting for their session reads before it is judged stuck and closed. */
const MAX_WAITING = 4096;

/**
 * One client's `/events/session` stream: takes the hub's events in order (replayed ones first when
 * resuming), reads each one's session through the hub, and sends those the filter lets through.
 * Everything it holds (its listener, its queue) goes when the SSE stream closes.
 */
export class SessionEventStream {
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly hub: SessionEventHub,
    private readonly sse: SseStream,
    private readonly filter: SessionStreamFilter,
    private readonly log: Logger,
  ) {}

  /**
   * Starts listening, then replays what the client missed after `lastEventId` (in the same tick,
   * so no event falls between the two). Without the events it asked for, it is told in a comment.
   */
  open(lastEventId: string | undefined): void {
    const stopListening = this.hub.listen((event) => this.enqueue(event));
    this.sse.onClose(stopListening);
    if (lastEventId === undefined) return;
    const { events, complete } = this.hub.after(lastEventId);
    if (!complete)
      this.sse.comment('Last-Event-ID is not resumable here: earlier events are lost, streaming from now');
    for (const event of events) this.enqueue(event);
  }

  private enqueue(event: HeldSessionEvent): void {
    if (this.sse.isClosed) return;
    if (++this.waiting > MAX_WAITING) {
      this.log.warn('session event stream closed: its events wait too long for their sessions', {
        waiting: this.waiting,
      });
      this.sse.close();
      return;
    }
    this.queue = this.queue.then(async () => {
      this.waiting--;
      if (this.sse.isClosed) return;
      const session = await this.hub.session(event);
      if (!session || this.sse.isClosed || !streamWants(this.filter, event.entry.event, session)) return;
      const data = sessionEventData(event.entry, session);
      if (data) this.sse.send({ id: event.id, event: event.entry.event, data: JSON.stringify(data) });
    });
  }
}
