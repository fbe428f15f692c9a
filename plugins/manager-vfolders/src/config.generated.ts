// Generated from tessera.configSchema in plugins/manager-vfolders/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {}
