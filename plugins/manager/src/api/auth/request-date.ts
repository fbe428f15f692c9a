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
  const common = parseExtendedIso(text);
  if (common) return common;
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

/** `2024-01-02T03:04:05.678Z` or `...+09:00`: what Backend.AI's clients send on every request. */
const EXTENDED_ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The common form read without luxon (it is on every signed request). Undefined for anything else
 * and for a value whose fields do not make a real time (Feb 30, 25:00), which luxon then judges,
 * so both paths answer alike; a test holds them equal.
 */
function parseExtendedIso(text: string): RequestDate | undefined {
  const match = EXTENDED_ISO.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  if (
    year < 1000 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  )
    return undefined;
  const offsetMinutes = match[8]
    ? (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]))
    : 0;
  return { instant: new Date(wall - offsetMinutes * 60_000), keyDate: `${match[1]}${match[2]}${match[3]}` };
}
