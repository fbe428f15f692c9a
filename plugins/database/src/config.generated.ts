// Generated from tessera.configSchema in plugins/database/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Which database engine to use: sqlite (embedded, one machine, the default) or postgresql (clusters; several managers may share it).
   */
  driver: 'sqlite' | 'postgresql';
  /**
   * sqlite only: the database file. A relative path is resolved inside the plugin's data directory; ":memory:" keeps everything in memory and loses it on stop.
   */
  path: string;
  /**
   * postgresql only: server host.
   */
  host: string;
  /**
   * postgresql only: server port.
   */
  port: number;
  /**
   * postgresql only: database user.
   */
  user: string;
  /**
   * postgresql only: password of the database user. Write it in the manifest as ${ENV_VAR}, not in clear.
   */
  password: string;
  /**
   * postgresql only: the database holding Tessera's tables. It must exist; tessera schema migrate creates the tables.
   */
  database: string;
  /**
   * postgresql only: most connections this process keeps open to the server.
   */
  poolSize: number;
  /**
   * postgresql only: milliseconds to wait for a connection (opening one, or a free one from the pool) before failing.
   */
  connectTimeout: number;
  /**
   * postgresql only: what start-up does when the database lacks migrations this version ships. refuse (the default) stops with a line asking to run tessera schema migrate; ignore starts anyway and is what tessera schema migrate itself uses.
   */
  pendingMigrations: 'refuse' | 'ignore';
  /**
   * Insert the example domain, project, resource group, policy, admin user and the documented example keypair (AKIAIOSFODNN7EXAMPLE). Allowed only with the sqlite driver.
   */
  exampleFixtures: boolean;
  /**
   * Log every SQL statement at debug level.
   */
  debug: boolean;
}
