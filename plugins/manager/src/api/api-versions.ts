/**
 * Backend.AI API versions (`v<major>.<YYYYMMDD>`). A signed request must name one of
 * `VALID_VERSIONS` exactly, as the upstream manager requires; `GET /v<major>` answers with the
 * latest revision of a major.
 */
export const VALID_VERSIONS: ReadonlySet<string> = new Set([
  'v4.20181215',
  'v4.20190115',
  'v4.20190315',
  'v4.20190615',
  'v5.20191215',
  'v6.20200815',
  'v6.20220315',
  'v6.20220615',
  'v6.20221201',
  'v6.20230315',
  'v7.20230615',
  'v8.20240315',
  'v8.20240915',
  'v9.20250722',
]);

/** The API version this manager speaks (what `GET /` reports). */
export const LATEST_API_VERSION = 'v9.20250722';

const LATEST_REVISION_DATES: Readonly<Record<number, string>> = {
  1: '20160915',
  2: '20170915',
  3: '20181215',
  4: '20190615',
  5: '20191215',
  6: '20230315',
  7: '20230615',
  8: '20240915',
  9: '20250722',
};

/** `v<major>.<date>` of the latest revision of `major`, or null when the major is unknown. */
export function latestVersionOfMajor(major: number): string | null {
  const date = LATEST_REVISION_DATES[major];
  return date ? `v${major}.${date}` : null;
}
