// Generated from tessera.configSchema in plugins/manager-resources/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Whether POST /resource/check-presets shows the project's limits, use and remainder (group_limits, group_using, group_remaining); when false they are "NaN" for every slot, as Backend.AI's config/api/resources/group_resource_visibility does by default.
   */
  groupResourceVisibility: boolean;
  /**
   * The longest period GET /resource/usage/period answers for, in days (Backend.AI: 100).
   */
  usagePeriodMaxDays: number;
}
