// Generated from tessera.configSchema in plugins/manager-sessions/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Resource group (scaling group) of sessions that do not name one.
   */
  defaultResourceGroup: string;
  /**
   * Seconds POST /session waits for the session to start when the request gives no maxWaitSeconds.
   */
  defaultStartTimeout: number;
  /**
   * Seconds DELETE /session/:id waits for the kernels to be reported terminated.
   */
  terminateTimeout: number;
}
