// Generated from tessera.configSchema in plugins/lock-postgres/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * PostgreSQL server host.
   */
  host: string;
  /**
   * PostgreSQL server port.
   */
  port: number;
  /**
   * Database user.
   */
  user: string;
  /**
   * Password of the database user (put it in the manifest as ${ENV_VAR}).
   */
  password?: string;
  /**
   * Database that holds the advisory locks and the fence sequence (the manager's database is fine).
   */
  database: string;
  /**
   * Lock names are hashed together with the namespace, so deployments sharing one database do not share locks.
   */
  namespace: string;
  /**
   * Lease of a holder that did not pass ttlMs: the holder pings its session every third of it, and the server ends a session idle for longer (idle_session_timeout), which releases the lock.
   */
  defaultTtlMs: number;
  /**
   * How long opening a connection may take before the call fails.
   */
  connectTimeoutMs: number;
}
