export { default } from './plugin';
export { Agent, type AgentDependencies } from './agent';
export { resolveAgentSettings, type AgentSettings } from './agent-settings';
export { intrinsicCapacity } from './host-capacity';
export {
  EXEC_TIMEOUT_ANSWER_WAIT_MS,
  KernelExecutor,
  type ExecTimeout,
  type ExecTimer,
} from './execution/kernel-executor';
export { ServiceStarter } from './execution/service-starter';
export { ConsoleBuffer, STREAM_LIMIT } from './execution/console-buffer';
export type { Config as AgentConfig } from './config.generated';
export {
  DeviceAllocator,
  type DeviceAllocatorOptions,
  type KernelAllocationOptions,
  type KernelDevices,
} from './device-allocator';
export { mergeContainerOptions } from './container-options';
export { coreUtilization, statValues, type MeasureSample } from './stats/stat-values';
export { StatsCollector } from './stats/stats-collector';
export { coreCpuTimes } from './stats/node-measures';
export { AgentErrorCodes, AgentErrors } from './agent-errors';
export { CompletionRequester, COMPLETION_TIMEOUT_MS } from './execution/completion-requester';
// For agent backends whose kernels see a host folder as /home/work.
export { HostWorkFolder, type WorkFolderOwner } from './files/host-work-folder';
export { TarWriter, TarTooLarge, type TarEntryStat } from './files/tar-writer';
export { fileMode } from './files/file-mode';
export { KernelFiles } from './files/kernel-files';
export { KernelCommits, type StartedCommit } from './commits/kernel-commits';
export { commitPathSegment } from './commits/commit-path';
export { HeldTerminal, UNHEARD_OUTPUT_LIMIT } from './terminals/held-terminal';
export { KernelTerminals, MAX_TERMINALS_PER_KERNEL } from './terminals/kernel-terminals';
