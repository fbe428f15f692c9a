import { randomBytes } from 'node:crypto';
import type { EventBus, EventEnvelope, Logger, Subscription } from '@tessera/core';
import { EventRing } from './event-ring';
import {
  entriesOf,
  FORWARDED_SESSION_EVENTS,
  type ForwardedSessionEvent,
  type SessionEventEntry,
} from './session-event-entry';
import type { SessionSnapshot, SessionSnapshots } from './session-snapshots';

/** A held event and, once some stream needed it, the read of its session (shared by every stream). */
export interface HeldSessionEvent {
  readonly id: string;
  readonly seq: number;
  readonly entry: SessionEventEntry;
  session?: Promise<SessionSnapshot | null>;
}

export type SessionEventListener = (event: HeldSessionEvent) => void;

/** Events after which a session's record has changed for good: read it afresh, then forget it. */
const ENDING_EVENTS = new Set([
  'session_terminated',
  'session_cancelled',
  'session_success',
  'session_failure',
]);

/**
 * This manager's feed of session and kernel lifecycle events: every forwarded bus event becomes
 * numbered entries in a ring (for streams that resume) and goes to the open streams' listeners.
 * Anycast events (`kernel_*`, `session_enqueued`) are read in a consumer group of this manager
 * alone, so every manager sees every event; broadcast ones reach every subscriber anyway.
 *
 * Event ids are `<instance>.<number>`: the instance part is random per process, so an id from
 * another manager or from before a restart is recognised as not resumable here.
 */
export class SessionEventHub {
  private readonly ring: EventRing<HeldSessionEvent>;
  private readonly listeners = new Set<SessionEventListener>();
  private readonly subscriptions: Subscription[] = [];
  private readonly instance = randomBytes(4).toString('hex');

  constructor(
    private readonly bus: EventBus,
    private readonly snapshots: SessionSnapshots,
    private readonly log: Logger,
    private readonly options: { bufferSize: number; consumerGroup: string },
  ) {
    this.ring = new EventRing(options.bufferSize);
  }

  async start(): Promise<void> {
    for (const name of FORWARDED_SESSION_EVENTS) {
      this.subscriptions.push(
        await this.bus.subscribe(name, this.options.consumerGroup, (envelope) => this.receive(envelope)),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((subscription) => subscription.unsubscribe()));
    this.listeners.clear();
  }

  /** Adds a stream's listener; the returned function removes it. */
  listen(listener: SessionEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * The held events after `lastEventId` (a `Last-Event-ID`), oldest first. `complete` is false when
   * the id is not one of this process's or events after it are no longer held.
   */
  after(lastEventId: string): { events: HeldSessionEvent[]; complete: boolean } {
    const [instance, number] = lastEventId.trim().split('.');
    if (instance !== this.instance || !number || !/^\d+$/.test(number))
      return { events: [], complete: false };
    const { items, complete } = this.ring.since(Number(number));
    return { events: items.map(({ item }) => item), complete };
  }

  /** The event's session, read once for all streams; null when it is gone or cannot be read. */
  session(event: HeldSessionEvent): Promise<SessionSnapshot | null> {
    event.session ??= this.read(event.entry);
    return event.session;
  }

  private receive(envelope: EventEnvelope<ForwardedSessionEvent>): void {
    for (const entry of entriesOf(envelope)) {
      const seq = this.ring.nextSeq;
      const held: HeldSessionEvent = { id: `${this.instance}.${seq}`, seq, entry };
      this.ring.push(held);
      for (const listener of this.listeners) listener(held);
    }
  }

  private async read(entry: SessionEventEntry): Promise<SessionSnapshot | null> {
    const ending = ENDING_EVENTS.has(entry.event);
    try {
      const snapshot = await this.snapshots.get(entry.sessionId, {
        fresh: ending,
        ...(entry.kernelId ? { kernelId: entry.kernelId } : {}),
      });
      if (ending) this.snapshots.forget(entry.sessionId);
      return snapshot;
    } catch (error) {
      this.log.warn('session event not sent: its session could not be read', {
        event: entry.event,
        sessionId: entry.sessionId,
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }
}
