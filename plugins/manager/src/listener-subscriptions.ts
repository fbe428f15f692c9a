import { inject, injectable } from 'tsyringe';
import { EventBus, Logger, type EventEnvelope, type EventName, type Subscription } from '@tessera/core';
import type { EventListenerContribution } from './extension-points/event-listeners';
import { HostContributions } from './host-settings';

/** Events are consumed in this group: one manager of the cluster handles each anycast event. */
const CONSUMER_GROUP = 'manager';

type AnyHandler = (event: EventEnvelope<EventName>) => Promise<void> | void;

/**
 * The contributed event listeners on the bus: one subscription per event name (two subscriptions
 * in one consumer group would split an anycast event between them), whose handler runs every
 * listener of that event in contribution order. Every listener runs even when one throws; the
 * first failure is rethrown so the bus redelivers the event.
 */
@injectable()
export class ListenerSubscriptions {
  private subscriptions: Subscription[] = [];

  constructor(
    @inject(EventBus) private readonly bus: EventBus,
    @inject(Logger) private readonly log: Logger,
    @inject(HostContributions) private readonly contributions: HostContributions,
  ) {}

  async subscribe(): Promise<void> {
    for (const [event, listeners] of byEvent(this.contributions.listeners)) {
      const handlers = listeners.map((listener) => listener.handle as AnyHandler);
      const subscription = await this.bus.subscribe(event, CONSUMER_GROUP, async (envelope) => {
        let failure: unknown;
        for (const handle of handlers) {
          try {
            await handle(envelope);
          } catch (error) {
            failure ??= error;
            this.log.error('event listener failed', { event, error: String(error) });
          }
        }
        if (failure !== undefined) throw failure;
      });
      this.subscriptions.push(subscription);
    }
  }

  async unsubscribe(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) await subscription.unsubscribe();
  }
}

function byEvent(
  listeners: readonly EventListenerContribution[],
): Map<EventName, EventListenerContribution[]> {
  const grouped = new Map<EventName, EventListenerContribution[]>();
  for (const listener of listeners)
    grouped.set(listener.event, [...(grouped.get(listener.event) ?? []), listener]);
  return grouped;
}
