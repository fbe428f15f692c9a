// Generated from tessera.configSchema in storage-backends/vfs/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * A usage scan of a folder or quota scope stops after this many directory entries, so one huge tree cannot hold the proxy; the usage reported is then a lower bound (and a warning is logged). A volume can override it with the option of the same name.
   */
  usageScanLimit: number;
  /**
   * How long a measured usage is reused before the tree is walked again (0: every time). Creating, deleting and cloning folders forget it at once; uploads and writes from kernels show up when it expires. A volume can override it with the option of the same name.
   */
  usageCacheSeconds: number;
}
