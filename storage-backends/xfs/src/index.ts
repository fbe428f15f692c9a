export { default } from './plugin';
export { XfsBackend, XFS_DEFAULTS, XFS_VOLUME_OPTIONS, type XfsBackendSettings } from './xfs-backend';
export { XfsVolume } from './xfs-volume';
export { ProjectIds } from './project-ids';
export { XfsCommands, XfsQuotaError, type XfsCommandSettings } from './xfs-commands';
export { parseQuotaReport, type ProjectQuota } from './quota-report';
export { parseMountInfo, mountOf, readMountTable, type MountEntry } from './mount-table';
export type { Config as XfsBackendConfig } from './config.generated';
