export { default } from './plugin';
export { ProcessBackend, type ProcessBackendSettings } from './process-backend';
export type { Config as ProcessBackendConfig } from './config.generated';
export { kernelEnvironment } from './kernel-environment';
