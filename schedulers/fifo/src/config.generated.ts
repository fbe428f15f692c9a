// Generated from tessera.configSchema in schedulers/fifo/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Skip a pending session whose scheduler retries reached this count, so it does not block the queue (0 = strict FIFO).
   */
  numRetriesToSkip: number;
}
