// Generated from tessera.configSchema in accelerators/cuda/package.json by
// scripts/gen-config-types.mjs. Do not edit: change the schema and run npm run build.

export interface Config {
  /**
   * discrete hands out whole GPUs as cuda.device; fractional hands out cuda.shares, enforced with NVIDIA MPS (the plugin runs the MPS control daemon). MIG instances are always whole, unique slots.
   */
  allocationMode: 'discrete' | 'fractional';
  /**
   * Fractional mode: how many cuda.shares one GPU is worth. A kernel with s shares of a GPU gets s/sharesPerDevice of its threads (CUDA_MPS_ACTIVE_THREAD_PERCENTAGE) and of its memory (CUDA_MPS_PINNED_DEVICE_MEM_LIMIT).
   */
  sharesPerDevice: number;
  /**
   * Fractional mode: shares are handed out in multiples of this amount.
   */
  quantumSize: string;
  /**
   * GPU UUIDs (GPU-...) or MIG instance UUIDs (MIG-...) to hide from the agent; masking a GPU hides its MIG instances too.
   */
  deviceMask: string[];
  /**
   * The nvidia-smi executable (a name looked up on PATH, or a path).
   */
  nvidiaSmiPath: string;
  /**
   * Fractional mode: the nvidia-cuda-mps-control executable.
   */
  mpsControlPath: string;
  /**
   * Where sysfs is mounted; NUMA nodes are read from <sysfsRoot>/bus/pci/devices/<bus>/numa_node.
   */
  sysfsRoot: string;
}
