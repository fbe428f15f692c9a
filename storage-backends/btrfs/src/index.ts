export { default } from './plugin';
export {
  BtrfsBackend,
  BTRFS_DEFAULTS,
  BTRFS_VOLUME_OPTIONS,
  type BtrfsBackendSettings,
} from './btrfs-backend';
export { BtrfsVolume, type BtrfsVolumeSettings } from './btrfs-volume';
export { BtrfsCommands, BtrfsCommandError, type BtrfsCommandSettings } from './btrfs-commands';
export { parseQgroupTable, type QgroupRow } from './qgroup-table';
export type { Config as BtrfsBackendConfig } from './config.generated';
