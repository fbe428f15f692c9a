// Generated from tessera.configSchema in plugins/rate-limit-redis/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Redis URL (redis:// or rediss://). A password in the URL works too.
   */
  url: string;
  /**
   * Redis database of the counters (Backend.AI keeps its rate limits in DB 1). A database named in the URL (redis://host:6379/2) wins.
   */
  db: number;
  /**
   * Redis password, when the URL does not carry one.
   */
  password?: string;
  /**
   * Prefix of each access key's sorted set (ratelimit:<access key>).
   */
  keyPrefix: string;
  /**
   * How long one count may take before it fails; the manager then lets the request through uncounted and logs a warning.
   */
  commandTimeoutMs: number;
}
