import { EVENT_DELIVERY, type EventEnvelope } from '@tessera/core';

/** A broadcast event on the pub/sub channel: JSON `{name, source, payload, metadata}`, as Backend.AI sends it. */
export function encodeBroadcast(event: EventEnvelope): string {
  return JSON.stringify({
    name: event.name,
    source: event.source,
    payload: event.payload,
    metadata: event.metadata ?? {},
  });
}

/** The event in a pub/sub message, or undefined when the message is not one. */
export function decodeBroadcast(message: string): EventEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { name, source, payload, metadata } = parsed as Record<string, unknown>;
  if (typeof name !== 'string' || !Object.hasOwn(EVENT_DELIVERY, name)) return undefined;
  const hasMetadata = metadata && typeof metadata === 'object' && Object.keys(metadata).length > 0;
  return {
    name,
    source: typeof source === 'string' ? source : '',
    payload,
    ...(hasMetadata ? { metadata } : {}),
  } as EventEnvelope;
}
