import {
  EVENT_DELIVERY,
  type EventBus,
  type EventEnvelope,
  type EventHandler,
  type EventName,
  type EventPayloads,
  type Logger,
  type Subscription,
} from '@tessera/core';

type AnyHandler = (event: EventEnvelope) => Promise<void> | void;

interface Subscriber {
  id: number;
  name: EventName;
  group: string;
  handler: AnyHandler;
}

/**
 * Delivers events inside one process with the semantics of the Redis bus: an anycast event goes
 * to exactly one subscriber of each consumer group (round robin), a broadcast event to every
 * subscriber. Each consumer group handles its events one at a time, in publish order, so a
 * kernel's `kernel_creating` is always handled before its `kernel_started`.
 */
export class EmbeddedEventBus implements EventBus {
  private readonly subscribers: Subscriber[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly cursor = new Map<string, number>();
  private nextId = 0;
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly options: { maxRetries: number; retryDelayMs: number },
    private readonly log: Logger,
  ) {}

  async publish<N extends EventName>(name: N, payload: EventPayloads[N], source: string): Promise<void> {
    if (this.closed) return;
    const event = { name, source, payload } as EventEnvelope;
    const matching = this.subscribers.filter((s) => s.name === name);
    const targets =
      EVENT_DELIVERY[name] === 'broadcast'
        ? matching
        : [...new Set(matching.map((s) => s.group))].map((group) => this.pick(name, group, matching));
    for (const target of targets) this.enqueue(target, event);
  }

  async subscribe<N extends EventName>(
    name: N,
    group: string,
    handler: EventHandler<N>,
  ): Promise<Subscription> {
    const subscriber: Subscriber = { id: this.nextId++, name, group, handler: handler as AnyHandler };
    this.subscribers.push(subscriber);
    return {
      unsubscribe: async () => {
        const index = this.subscribers.indexOf(subscriber);
        if (index >= 0) this.subscribers.splice(index, 1);
      },
    };
  }

  /** Resolves once every event published so far has been handled (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight > 0) await Promise.all([...this.queues.values()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    this.subscribers.length = 0;
  }

  private pick(name: EventName, group: string, matching: Subscriber[]): Subscriber {
    const members = matching.filter((s) => s.group === group);
    const key = `${name}\u0000${group}`;
    const next = (this.cursor.get(key) ?? 0) % members.length;
    this.cursor.set(key, next + 1);
    return members[next]!;
  }

  private enqueue(subscriber: Subscriber, event: EventEnvelope): void {
    const key =
      EVENT_DELIVERY[event.name] === 'broadcast'
        ? `subscriber:${subscriber.id}`
        : `group:${subscriber.group}`;
    this.inFlight++;
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(() => this.deliver(subscriber, event))
      .finally(() => {
        this.inFlight--;
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
  }

  private async deliver(subscriber: Subscriber, event: EventEnvelope): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await subscriber.handler(event);
        return;
      } catch (error) {
        if (EVENT_DELIVERY[event.name] === 'broadcast' || attempt >= this.options.maxRetries) {
          this.log.error('event handler failed; event dropped', {
            event: event.name,
            group: subscriber.group,
            attempts: attempt + 1,
            error: error instanceof Error ? error.message : String(error),
          });
          return;
        }
        this.log.warn('event handler failed; redelivering', {
          event: event.name,
          group: subscriber.group,
          attempt: attempt + 1,
        });
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      }
    }
  }
}
