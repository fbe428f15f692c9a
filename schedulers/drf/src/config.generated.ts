// Generated from tessera.configSchema in schedulers/drf/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Whose dominant share is compared: the session's access key (Backend.AI's legacy DRF) or its user (Sokovan).
   */
  keyBy: 'accessKey' | 'user';
}
