import type { EventEnvelope, EventName } from '@tessera/core';

export type AnyHandler = (event: EventEnvelope) => Promise<void> | void;

/**
 * The anycast handlers of this process, by consumer group and event name. A group has one
 * consumer per process; when several local handlers of the group take the same event name,
 * `pick` hands the group's entries to them in turn.
 */
export class HandlerTable {
  private readonly byGroup = new Map<string, Map<EventName, AnyHandler[]>>();
  private readonly cursor = new Map<string, number>();

  /** Adds a handler; the returned function removes it again. */
  add(group: string, name: EventName, handler: AnyHandler): () => void {
    const names = this.byGroup.get(group) ?? new Map<EventName, AnyHandler[]>();
    this.byGroup.set(group, names);
    const handlers = names.get(name) ?? [];
    names.set(name, handlers);
    const entry: AnyHandler = (event) => handler(event);
    handlers.push(entry);
    return () => {
      const index = handlers.indexOf(entry);
      if (index >= 0) handlers.splice(index, 1);
      if (handlers.length === 0) names.delete(name);
      if (names.size === 0 && this.byGroup.get(group) === names) this.byGroup.delete(group);
    };
  }

  /** The next handler of `group` for `name`, round robin; undefined when the group has none for it. */
  pick(group: string, name: EventName): AnyHandler | undefined {
    const handlers = this.byGroup.get(group)?.get(name);
    if (!handlers || handlers.length === 0) return undefined;
    const key = `${group}\u0000${name}`;
    const next = (this.cursor.get(key) ?? 0) % handlers.length;
    this.cursor.set(key, next + 1);
    return handlers[next];
  }

  /** Whether any handler of `group` remains in this process. */
  hasGroup(group: string): boolean {
    return this.byGroup.has(group);
  }
}
