/**
 * Redis stream entry ids are `<milliseconds>-<sequence>`. They order entries in a stream; string
 * comparison does not (`"9-0" > "10-0"`), so compare the two numbers.
 */
function parts(id: string): [bigint, bigint] {
  const dash = id.indexOf('-');
  if (dash < 0) return [BigInt(id), 0n];
  return [BigInt(id.slice(0, dash)), BigInt(id.slice(dash + 1))];
}

/** Negative when `a` comes before `b`, zero when equal, positive when after. */
export function compareStreamIds(a: string, b: string): number {
  const [aTime, aSequence] = parts(a);
  const [bTime, bSequence] = parts(b);
  if (aTime !== bTime) return aTime < bTime ? -1 : 1;
  if (aSequence !== bSequence) return aSequence < bSequence ? -1 : 1;
  return 0;
}

/** The smallest id that comes after `id`. */
export function nextStreamId(id: string): string {
  const [time, sequence] = parts(id);
  return `${time}-${sequence + 1n}`;
}

/** The earlier of two ids. */
export function earlierStreamId(a: string, b: string): string {
  return compareStreamIds(a, b) <= 0 ? a : b;
}
