/**
 * API versions the client speaks. A version is `v<major>.<YYYYMMDD>`; the manager accepts an exact
 * member of its list, so the default is the newest revision Backend.AI documents.
 */
export const DEFAULT_API_VERSION = 'v9.20250722';

/**
 * From this revision on, both sides sign the hash of an empty body whatever the request carries.
 * Older revisions hash the body itself. The comparison is a plain string comparison, as the
 * manager does it.
 */
export const EMPTY_BODY_HASH_SINCE = 'v4.20181215';

export function signsRequestBody(apiVersion: string): boolean {
  return apiVersion < EMPTY_BODY_HASH_SINCE;
}
