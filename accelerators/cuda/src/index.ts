export { default } from './plugin';
export { CudaAccelerator, type CudaDiscoveryOptions } from './cuda-accelerator';
export { type CommandRunner, type CommandResult, CommandNotFoundError, runCommand } from '@tessera/core';
export { MpsDaemon, mpsDirectories, type MpsDirectories } from './mps-daemon';
export { NVIDIA_CAPABILITIES } from './kernel-args';
export * from './nvidia-smi';
export type { Config as CudaAcceleratorConfig } from './config.generated';
