/**
 * Typed readings of the stream command replies ioredis hands back as nested arrays. Each parser
 * accepts exactly the shape Redis 6.2+ documents and nothing else.
 */

/** One stream entry; `fields` is null when the entry was deleted while still pending. */
export interface StreamEntry {
  id: string;
  fields: string[] | null;
}

export interface GroupInfo {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
}

function toEntries(raw: unknown): StreamEntry[] {
  return (raw as Array<[string, string[] | null]>).map(([id, fields]) => ({ id, fields }));
}

/** XREADGROUP ... STREAMS <one stream>: null on timeout, else `[[stream, entries]]`. */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (reply === null) return [];
  const streams = reply as Array<[string, unknown]>;
  return streams.length === 0 ? [] : toEntries(streams[0]![1]);
}

/** XAUTOCLAIM: `[next cursor, claimed entries, ids that no longer exist (Redis 7+)]`. */
export function parseAutoClaimReply(reply: unknown): {
  cursor: string;
  entries: StreamEntry[];
  deletedIds: string[];
} {
  const [cursor, entries, deleted] = reply as [string, unknown, string[] | undefined];
  return { cursor, entries: toEntries(entries), deletedIds: deleted ?? [] };
}

/** XINFO GROUPS: one flat `[key, value, ...]` list per group. */
export function parseGroupsReply(reply: unknown): GroupInfo[] {
  return (reply as unknown[][]).map((flat) => {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(String(flat[i]), flat[i + 1]);
    return {
      name: String(fields.get('name')),
      consumers: Number(fields.get('consumers')),
      pending: Number(fields.get('pending')),
      lastDeliveredId: String(fields.get('last-delivered-id')),
    };
  });
}

/** XPENDING <stream> <group> (summary form): the oldest pending id, or null when nothing is pending. */
export function parsePendingSummary(reply: unknown): { count: number; oldestId: string | null } {
  const [count, oldestId] = reply as [number, string | null];
  return { count: Number(count), oldestId: Number(count) > 0 ? oldestId : null };
}

/** XPENDING <stream> <group> <start> <end> <count> [consumer]: id -> times delivered. */
export function parsePendingDetails(reply: unknown): Map<string, number> {
  const deliveries = new Map<string, number>();
  for (const [id, , , times] of reply as Array<[string, string, number, number]>) {
    deliveries.set(id, Number(times));
  }
  return deliveries;
}

/** Redis answers NOGROUP when the stream or the consumer group does not exist (lost, deleted). */
export function isMissingGroupError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}

/** XGROUP CREATE answers BUSYGROUP when the group already exists. */
export function isGroupExistsError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('BUSYGROUP');
}
