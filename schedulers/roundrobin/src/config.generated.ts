// Generated from tessera.configSchema in schedulers/roundrobin/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Config-store key prefix under which the rotation cursor of each resource group and architecture is kept (<prefix>/<group>/<architecture>).
   */
  cursorPrefix: string;
}
