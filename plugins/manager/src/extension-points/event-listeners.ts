import { createExtensionPoint, type EventHandler, type EventName } from '@tessera/core';

/**
 * `manager/event-listeners`: a feature plugin's handler for one event-bus event. The manager
 * subscribes once per event name in consumer group `manager` when it starts (after every
 * contributor started) and unsubscribes when it stops. An anycast event reaches one manager of the
 * cluster, and there every listener of that event, in contribution order; a listener that throws
 * makes the bus redeliver the event (to all of them), so listeners must be idempotent.
 */
export type EventListenerContribution = {
  [N in EventName]: { readonly event: N; readonly handle: EventHandler<N> };
}[EventName];

export const EventListeners = createExtensionPoint<EventListenerContribution>('manager/event-listeners');

/** A listener contribution, typed by its event: `ctx.contribute(EventListeners, listen('kernel_started', ...))`. */
export function listen<N extends EventName>(event: N, handle: EventHandler<N>): EventListenerContribution {
  return { event, handle } as EventListenerContribution;
}
