/**
 * The date a signer derives its signing key from: `YYYYMMDD` as written at the start of the ISO 8601
 * date it sends (`2024-01-02T01:00:00+09:00` gives `20240102`, the header's own calendar date, as
 * the manager reads it). Clients send ISO dates; anything else is refused with a RangeError.
 */
export function isoKeyDate(rawDate: string): string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T|$)/.exec(rawDate.trim());
  if (!match) throw new RangeError(`cannot sign with the date "${rawDate}": write it in ISO 8601`);
  return `${match[1]}${match[2]}${match[3]}`;
}
