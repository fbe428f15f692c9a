import type { EventEnvelope, EventName, Logger } from '@tessera/core';
import type Redis from 'ioredis';
import { decodeBroadcast } from './broadcast-message';
import type { AnyHandler } from './handler-table';
import { closeConnection } from './redis-connections';

interface BroadcastSubscriber {
  name: EventName;
  handler: AnyHandler;
  /** This subscriber's handler runs one event at a time, in arrival order. */
  queue: Promise<void>;
}

/**
 * Broadcast events on the pub/sub channel: every local subscriber of an event name sees every
 * message. Pub/sub keeps nothing, so messages sent while this process is disconnected are lost;
 * that is the contract of broadcast events (live views, SSE), as in Backend.AI.
 */
export class BroadcastListener {
  private readonly subscribers = new Set<BroadcastSubscriber>();
  private subscribed?: Promise<void>;
  private running = 0;
  /** Messages received on the channel since start (also those no local subscriber wanted). */
  received = 0;

  constructor(
    private readonly connection: Redis,
    private readonly channel: string,
    private readonly log: Logger,
  ) {
    connection.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.dispatch(message);
    });
    connection.on('error', (error: Error) =>
      log.debug('event bus subscriber connection error', { channel, error: error.message }),
    );
  }

  /** Subscribes the channel once, then adds the handler; resolves when Redis confirmed the subscription. */
  async add(name: EventName, handler: AnyHandler): Promise<() => void> {
    this.subscribed ??= this.connection.subscribe(this.channel).then(() => undefined);
    try {
      await this.subscribed;
    } catch (error) {
      this.subscribed = undefined;
      throw error;
    }
    const subscriber: BroadcastSubscriber = { name, handler, queue: Promise.resolve() };
    this.subscribers.add(subscriber);
    return () => void this.subscribers.delete(subscriber);
  }

  /** Whether at least `published` messages arrived and every handler run finished. */
  caughtUp(published: number): boolean {
    return this.subscribed === undefined || (this.received >= published && this.running === 0);
  }

  async close(): Promise<void> {
    this.subscribers.clear();
    await closeConnection(this.connection);
  }

  private dispatch(message: string): void {
    this.received++;
    const event = decodeBroadcast(message);
    if (!event) {
      this.log.warn('malformed broadcast message ignored', { channel: this.channel, length: message.length });
      return;
    }
    for (const subscriber of this.subscribers) {
      if (subscriber.name !== event.name) continue;
      this.running++;
      subscriber.queue = subscriber.queue
        .then(() => this.run(subscriber, event))
        .finally(() => void this.running--);
    }
  }

  private async run(subscriber: BroadcastSubscriber, event: EventEnvelope): Promise<void> {
    try {
      await subscriber.handler(event);
    } catch (error) {
      this.log.error('broadcast event handler failed', {
        event: event.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
