// Generated from tessera.configSchema in storage-backends/btrfs/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * The btrfs executable (a name looked up on PATH, or an absolute path).
   */
  btrfsPath: string;
  /**
   * Run btrfs through passwordless `sudo -n` (when the storage proxy does not run as root).
   */
  useSudo: boolean;
  /**
   * File counts come from a bounded scan of the folder (btrfs accounts bytes, not files); it stops after this many directory entries and the count is then a lower bound. A volume can override it with the option of the same name.
   */
  usageScanLimit: number;
  /**
   * How long a file count is reused before the folder is scanned again (0: every time). A volume can override it with the option of the same name.
   */
  usageCacheSeconds: number;
}
