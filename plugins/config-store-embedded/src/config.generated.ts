// Generated from tessera.configSchema in plugins/config-store-embedded/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * JSON file the keys persist to; relative to the plugin's data folder. Empty string keeps keys in memory only.
   */
  file: string;
  /**
   * Keys to set when the store has no value for them yet (key -> string value).
   */
  initial: {
    [k: string]: string;
  };
}
