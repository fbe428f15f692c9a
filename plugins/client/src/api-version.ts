/**
 * API versions the client speaks. A version is `v<major>.<YYYYMMDD>`; the manager accepts an exact
 * member of its list, so the default is the newest revision Backend.AI documents.
 */
export const DEFAULT_API_VERSION = 'v9.20250722';
