export { default } from './plugin';
export { Agent, type AgentDependencies } from './agent';
export { resolveAgentSettings, type AgentSettings } from './agent-settings';
export { intrinsicCapacity } from './host-capacity';
export { KernelExecutor, type ExecTimeout, type ExecTimer } from './execution/kernel-executor';
export { ServiceStarter } from './execution/service-starter';
export { ConsoleBuffer, STREAM_LIMIT } from './execution/console-buffer';
export type { Config as AgentConfig } from './config.generated';
export { DeviceAllocator } from './device-allocator';
export { statValues, type MeasureSample } from './stats/stat-values';
export { AgentErrorCodes, AgentErrors } from './agent-errors';
export { CompletionRequester, COMPLETION_TIMEOUT_MS } from './execution/completion-requester';
// For agent backends whose kernels see a host folder as /home/work.
export { HostWorkFolder, type WorkFolderOwner } from './files/host-work-folder';
export { TarWriter, TarTooLarge, type TarEntryStat } from './files/tar-writer';
export { fileMode } from './files/file-mode';
export { KernelFiles } from './files/kernel-files';
export { HeldTerminal, UNHEARD_OUTPUT_LIMIT } from './terminals/held-terminal';
export { KernelTerminals, MAX_TERMINALS_PER_KERNEL } from './terminals/kernel-terminals';
