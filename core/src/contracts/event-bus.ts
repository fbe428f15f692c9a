import type { EventEnvelope, EventName, EventPayloads } from '../events/catalogue';
import { contractToken } from './token';

export type EventHandler<N extends EventName> = (event: EventEnvelope<N>) => Promise<void> | void;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

/**
 * event-bus/v1. Carries the typed events of `events/catalogue.ts` between daemons.
 *
 * - `publish` delivers anycast events to exactly one consumer per consumer group (the group is
 *   the subscriber's role, e.g. `manager`), and broadcast events to every subscriber. It resolves
 *   once the bus has accepted the event (durably, for buses that persist).
 * - `subscribe` registers a handler for one event name in a consumer group. An anycast event is
 *   acknowledged only after the handler resolves; a handler that throws gets it redelivered.
 *
 * Called by every daemon; must be safe to call concurrently.
 */
export interface EventBus {
  publish<N extends EventName>(name: N, payload: EventPayloads[N], source: string): Promise<void>;
  subscribe<N extends EventName>(name: N, group: string, handler: EventHandler<N>): Promise<Subscription>;
}
export const EventBus = contractToken<EventBus>('event-bus');
