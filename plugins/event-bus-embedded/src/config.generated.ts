// Generated from tessera.configSchema in plugins/event-bus-embedded/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Redeliveries of an anycast event whose handler threw, before it is dropped with an error log (Backend.AI drops after 3).
   */
  maxRetries: number;
  /**
   * Wait before each redelivery.
   */
  retryDelayMs: number;
}
