// Generated from tessera.configSchema in schedulers/legacy/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Slot (or device prefix) order in which total capacity is compared; a device entry covers its sub-slots (cuda: cuda.device, cuda.shares), slots not listed follow by name.
   */
  slotPriority: string[];
}
