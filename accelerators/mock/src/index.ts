export { default } from './plugin';
export { MockAccelerator } from './mock-accelerator';
export type { Config as MockAcceleratorConfig } from './config.generated';
