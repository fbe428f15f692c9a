export { default } from './plugin';
export { Agent, type AgentDependencies } from './agent';
export { resolveAgentSettings, type AgentSettings } from './agent-settings';
export { intrinsicCapacity } from './host-capacity';
export { KernelExecutor } from './execution/kernel-executor';
export { ConsoleBuffer, STREAM_LIMIT } from './execution/console-buffer';
export type { Config as AgentConfig } from './config.generated';
export { DeviceAllocator } from './device-allocator';
export { statValues, type MeasureSample } from './stats/stat-values';
