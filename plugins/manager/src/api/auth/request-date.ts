import { DateTime } from 'luxon';

export interface RequestDate {
  instant: Date;
  /** `YYYYMMDD` in the header's own time zone (UTC when it names none): the signing-key date. */
  keyDate: string;
}

/**
 * Parses a request date header: ISO 8601 (extended or basic, as clients send) or an RFC 822 /
 * RFC 7231 HTTP date. A value without a zone is UTC. Returns null when it is neither.
 */
export function parseRequestDate(raw: string): RequestDate | null {
  const text = raw.trim();
  const candidates = [
    () => DateTime.fromISO(text, { setZone: true, zone: 'utc' }),
    () => DateTime.fromRFC2822(text, { setZone: true }),
    () => DateTime.fromHTTP(text, { setZone: true }),
  ];
  for (const parse of candidates) {
    const parsed = parse();
    if (parsed.isValid) return { instant: parsed.toJSDate(), keyDate: parsed.toFormat('yyyyMMdd') };
  }
  return null;
}
