// Generated from tessera.configSchema in accelerators/mock/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * Device key and first part of every slot name (cuda -> cuda.device, cuda.shares, cuda.device:10g-mig).
   */
  slotName: string;
  /**
   * Name of the simulated device implementation, reported as the devices' plugin name (Backend.AI: CUDADevice, MockDevice, ROCm).
   */
  devicePluginName: string;
  /**
   * discrete exposes whole devices as <slotName>.device; fractional exposes <slotName>.shares (fGPU). MIG slices are always whole, unique slots.
   */
  allocationMode: 'discrete' | 'fractional';
  /**
   * Fractional mode: device memory that counts as 1.0 share (bytes, or a binary size such as "2g"). At least 512 MiB.
   */
  unitMem: string | number;
  /**
   * Fractional mode: sub-processors (SMs) that count as 1.0 share. At least 2.
   */
  unitProc: number;
  /**
   * Fractional mode: shares are handed out in multiples of this amount.
   */
  quantumSize: string;
  /**
   * Fractional mode: device memory held back per device, reported to kernels as <SLOT>_RESERVED_MEMORY (bytes or binary size).
   */
  reservedMemory: string | number;
  /**
   * Device ids (motherUuid, or MIG-<motherUuid>/<n>/0 for slices) to hide from the agent.
   */
  deviceMask: string[];
  /**
   * The simulated devices, as in Backend.AI's mock-accelerator.toml.
   */
  devices: {
    /**
     * Unique device id; MIG slices share their parent's.
     */
    motherUuid: string;
    /**
     * Model name reported to the manager; MIG slices must be named MIG-<profile> (MIG-10g).
     */
    modelName: string;
    numaNode: number;
    /**
     * Sub-processors (CUDA SMs) of the device.
     */
    subprocCount: number;
    /**
     * On-device memory (bytes, or a binary size such as "40g").
     */
    memorySize: string | number;
    isMigDevice: boolean;
  }[];
  /**
   * Free-form attributes reported in the agent's compute plugin info (cuda: nvidia_driver, cuda_runtime).
   */
  attributes: {
    [k: string]: string | number | boolean;
  };
  /**
   * UI formatting per slot subtype: device, shares, or <profile>-mig.
   */
  formats: {
    [k: string]: {
      displayUnit: string;
      displayIcon: string;
      humanReadableName: string;
      description: string;
      numberFormat: {
        binary: boolean;
        roundLength: number;
      };
    };
  };
}
