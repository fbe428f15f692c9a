export { default } from './plugin';
export { RocmAccelerator, DEVICE_SLOT, type RocmDevice, type RocmDiscoveryOptions } from './rocm-accelerator';
export { type CommandRunner, type CommandResult, CommandNotFoundError, runCommand } from '@tessera/core';
export * from './rocm-smi';
export type { Config as RocmAcceleratorConfig } from './config.generated';
