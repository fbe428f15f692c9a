/** A request's date header, read the way the manager reads it (api-spec §1.6). */
export interface RequestDate {
  /** The instant the header names: what the clock-skew check compares with the server clock. */
  instant: Date;
  /**
   * `YYYYMMDD` as written in the header, that is in the header's own time zone (UTC when it names
   * none): the date the signing key is derived from. `2024-01-02T01:00:00+09:00` gives `20240102`.
   */
  keyDate: string;
}

/**
 * Parses a `Date` / `X-BackendAI-Date` header value: ISO 8601 (extended or basic, as Backend.AI's
 * Python and JavaScript clients send it; no zone means UTC) or an HTTP date (RFC 822/1123/2822 with
 * a numeric or named zone, RFC 850, asctime). Returns null when it is none of these or names a day
 * or time that does not exist.
 *
 * Hand-written rather than delegated to a date library because the key date must be the calendar
 * date as written, in the header's own zone, and because this package has no dependencies.
 */
export function parseRequestDate(raw: string): RequestDate | null {
  const text = raw.trim();
  const parts = isoParts(text) ?? rfc2822Parts(text) ?? rfc850Parts(text) ?? asctimeParts(text);
  if (!parts || !isValid(parts)) return null;
  const utc = new Date(0);
  utc.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  utc.setUTCHours(parts.hour, parts.minute, parts.second, parts.millisecond);
  return {
    instant: new Date(utc.getTime() - parts.offsetMinutes * 60_000),
    keyDate: `${pad(parts.year, 4)}${pad(parts.month, 2)}${pad(parts.day, 2)}`,
  };
}

interface DateParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** The zone's offset east of UTC. */
  offsetMinutes: number;
}

// 2024-01-02T03:04:05.678901+00:00, 20240102T030405Z, 20160930T01:23:45Z, 2024-01-02
const ISO_8601 =
  /^(\d{4})(-?)(\d{2})\2(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// Tue, 02 Jan 2024 03:04:05 GMT; 2 Jan 2024 03:04 +0900
const RFC_2822 =
  /^(?:([a-z]{3}),\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4}|\d{2})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|[a-z]{1,3})$/i;
// Tuesday, 02-Jan-24 03:04:05 GMT
const RFC_850 = /^([a-z]+),\s*(\d{2})-([a-z]{3})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s+GMT$/i;
// Tue Jan  2 03:04:05 2024 (always UTC)
const ASCTIME = /^([a-z]{3})\s+([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/i;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** RFC 822's zone names, in hours east of UTC. */
const ZONE_NAMES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -5,
  edt: -4,
  cst: -6,
  cdt: -5,
  mst: -7,
  mdt: -6,
  pst: -8,
  pdt: -7,
};

function isoParts(text: string): DateParts | null {
  const m = ISO_8601.exec(text);
  const offsetMinutes = m?.[9] === undefined ? 0 : numericOffset(m[9]);
  if (!m || offsetMinutes === null) return null;
  return {
    year: Number(m[1]),
    month: Number(m[3]),
    day: Number(m[4]),
    hour: Number(m[5] ?? 0),
    minute: Number(m[6] ?? 0),
    second: Number(m[7] ?? 0),
    millisecond: m[8] === undefined ? 0 : Number(`${m[8]}00`.slice(0, 3)),
    offsetMinutes,
  };
}

function rfc2822Parts(text: string): DateParts | null {
  const m = RFC_2822.exec(text);
  if (!m || (m[1] !== undefined && !isWeekday(m[1], 3))) return null;
  const month = monthNumber(m[3]!);
  const offsetMinutes = /^[+-]/.test(m[8]!) ? numericOffset(m[8]!) : namedOffset(m[8]!);
  if (month === null || offsetMinutes === null) return null;
  return {
    year: fullYear(m[4]!),
    month,
    day: Number(m[2]),
    hour: Number(m[5]),
    minute: Number(m[6]),
    second: Number(m[7] ?? 0),
    millisecond: 0,
    offsetMinutes,
  };
}

function rfc850Parts(text: string): DateParts | null {
  const m = RFC_850.exec(text);
  const month = m && isWeekday(m[1]!) ? monthNumber(m[3]!) : null;
  if (!m || month === null) return null;
  return {
    year: fullYear(m[4]!),
    month,
    day: Number(m[2]),
    hour: Number(m[5]),
    minute: Number(m[6]),
    second: Number(m[7]),
    millisecond: 0,
    offsetMinutes: 0,
  };
}

function asctimeParts(text: string): DateParts | null {
  const m = ASCTIME.exec(text);
  const month = m && isWeekday(m[1]!, 3) ? monthNumber(m[2]!) : null;
  if (!m || month === null) return null;
  return {
    year: Number(m[7]),
    month,
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: 0,
    offsetMinutes: 0,
  };
}

function isValid(p: DateParts): boolean {
  return (
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour <= 23 &&
    p.minute <= 59 &&
    p.second <= 59 &&
    Math.abs(p.offsetMinutes) < 24 * 60
  );
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}

/** `+09:00`, `-0500`, `+09` or `Z`, in minutes east of UTC; null for impossible minutes. */
function numericOffset(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || 0);
  if (minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function namedOffset(zone: string): number | null {
  const hours = ZONE_NAMES[zone.toLowerCase()];
  return hours === undefined ? null : hours * 60;
}

function monthNumber(name: string): number | null {
  const index = MONTHS.indexOf(name.toLowerCase());
  return index === -1 ? null : index + 1;
}

/** A weekday name, in full or abbreviated to `length` letters. Its agreement with the date is not checked. */
function isWeekday(name: string, length?: number): boolean {
  const lower = name.toLowerCase();
  return WEEKDAYS.some((day) => (length ? day.slice(0, length) : day) === lower);
}

/** Two-digit years (obsolete RFC 2822 and RFC 850 forms): 00-49 are 20xx, 50-99 are 19xx (RFC 2822 §4.3). */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 4) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
