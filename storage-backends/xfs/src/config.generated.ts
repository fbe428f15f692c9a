// Generated from tessera.configSchema in storage-backends/xfs/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * The xfs_quota executable (a name looked up on PATH, or an absolute path).
   */
  xfsQuotaPath: string;
  /**
   * Run xfs_quota through passwordless `sudo -n` (when the storage proxy does not run as root).
   */
  useSudo: boolean;
  /**
   * The smallest XFS project id the backend hands out to folders; ids below it (and any id the filesystem already uses) are left to the operator. A volume can override it with the option of the same name.
   */
  firstProjectId: number;
}
