// Generated from tessera.configSchema in plugins/database/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Which database engine to use. sqlite is the embedded single-machine default.
   */
  driver: 'sqlite';
  /**
   * SQLite database file. A relative path is resolved inside the plugin's data directory; ":memory:" keeps everything in memory and loses it on stop.
   */
  path: string;
  /**
   * Insert the example domain, group, resource group, policy, admin user and the documented example keypair (AKIAIOSFODNN7EXAMPLE). Allowed only with the sqlite driver.
   */
  exampleFixtures: boolean;
  /**
   * Log every SQL statement at debug level.
   */
  debug: boolean;
}
