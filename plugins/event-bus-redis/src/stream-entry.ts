import { EVENT_DELIVERY, type EventEnvelope, type EventName } from '@tessera/core';

/**
 * One anycast event as a stream entry. The fields are Backend.AI's: `name`, `source`, `payload`
 * (JSON), `metadata` (JSON) and `_retry_count` (redeliveries already spent, `0` when published).
 */
export function encodeEntry(event: EventEnvelope): string[] {
  return [
    'name',
    event.name,
    'source',
    event.source,
    'payload',
    JSON.stringify(event.payload),
    'metadata',
    JSON.stringify(event.metadata ?? {}),
    '_retry_count',
    '0',
  ];
}

export type DecodedEntry =
  { ok: true; event: EventEnvelope; retryCount: number } | { ok: false; reason: string };

/** Reads the flat `[field, value, ...]` list Redis returns; says why when an entry is unusable. */
export function decodeEntry(fields: readonly string[]): DecodedEntry {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  const name = values.get('name');
  if (name === undefined || !Object.hasOwn(EVENT_DELIVERY, name)) {
    return { ok: false, reason: `unknown event name ${JSON.stringify(name ?? null)}` };
  }
  let payload: unknown;
  let metadata: unknown;
  try {
    payload = JSON.parse(values.get('payload') ?? 'null');
    metadata = JSON.parse(values.get('metadata') ?? '{}');
  } catch (error) {
    return { ok: false, reason: `payload or metadata is not JSON: ${(error as Error).message}` };
  }
  const retryCount = Number(values.get('_retry_count') ?? '0');
  const event = {
    name: name as EventName,
    source: values.get('source') ?? '',
    payload,
    ...(metadata && typeof metadata === 'object' && Object.keys(metadata).length > 0 ? { metadata } : {}),
  } as EventEnvelope;
  return { ok: true, event, retryCount: Number.isInteger(retryCount) && retryCount > 0 ? retryCount : 0 };
}
