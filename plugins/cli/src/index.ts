export { main, runFromProcess } from './main';
export { buildProgram, type Program } from './program';
export type { CliIo } from './cli-io';
export {
  planParallelRuns,
  planRun,
  type ParallelPlan,
  type RunFlags,
  type RunPlan,
} from './commands/run-plan';
export {
  expandCases,
  parseRange,
  parseStartsAt,
  type RangeVariable,
  type RunCase,
} from './commands/run-ranges';
export { PrefixedLines } from './commands/run-parallel';
export { collectKeyValue, parseSeconds } from './key-value-option';
export { describeFailure, EXIT, type FailureReport } from './failure-report';
export {
  flattenConfig,
  normalizePrefix,
  relativeKey,
  unflattenConfig,
  type ConfigTree,
} from './commands/config-json';
export { defaultConfigManifest } from './commands/open-config-store';
export { registerImageRescanVerb } from './commands/admin/image-rescan-command';
export {
  etaSeconds,
  formatBar,
  formatDuration,
  formatLine,
  formatRate,
  RateMeter,
  TransferProgressDisplay,
  type ProgressMode,
} from './commands/vfolder/transfer-progress';
export { planUploads, type PlannedUpload } from './commands/vfolder/transfer-verbs';
export { parseAddressMap, parseByteSize, parseChunkSize } from './commands/vfolder/vfolder-options';
