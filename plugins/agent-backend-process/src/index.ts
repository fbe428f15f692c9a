export { default } from './plugin';
export { ProcessBackend, type ProcessBackendSettings } from './process-backend';
export { StdioRunnerChannel } from './stdio-runner-channel';
export { runnerMainScript } from './runner-location';
export type { Config as ProcessBackendConfig } from './config.generated';
export { kernelEnvironment } from './kernel-environment';
