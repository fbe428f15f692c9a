import 'reflect-metadata';

export { default } from './plugin';
// The pure computations (table-tested on their own).
export {
  presetAvailability,
  type AgentRoom,
  type CheckedPreset,
  type PresetAvailability,
  type PresetSnapshot,
} from './preset-availability';
export { slotDetails, type SlotMetadata } from './slot-metadata';
export {
  usageReport,
  kernelUsage,
  pythonTimedelta,
  type KernelUsage,
  type ProjectUsage,
} from './usage/usage-report';
export { monthlyStats, STATS_BIN_MS, STATS_PERIOD_MS, type StatsBin } from './usage/monthly-stats';
export type { UsedKernel } from './usage/kernel-usage';
// The manager status, for features that refuse work while the manager is frozen.
export {
  MANAGER_STATUS_KEY,
  MANAGER_STATUSES,
  ManagerStatusStore,
  type ManagerStatus,
} from './manager-status';
export { checkSchedulerOpts, SCHEDULER_OPTION_KEYS } from './graphql/scaling-group-checks';
