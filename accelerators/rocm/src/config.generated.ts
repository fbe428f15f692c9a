// Generated from tessera.configSchema in accelerators/rocm/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Device ids to hide from the agent: PCI bus ids as rocm-smi reports them (0000:c1:00.0).
   */
  deviceMask: string[];
  /**
   * The rocm-smi executable (a name looked up on PATH, or a path).
   */
  rocmSmiPath: string;
  /**
   * Where device nodes are looked for (kfd, dri/renderD*) on the host.
   */
  devRoot: string;
  /**
   * Where sysfs is mounted; a GPU's render node and NUMA node are read from <sysfsRoot>/bus/pci/devices/<bus>/.
   */
  sysfsRoot: string;
}
