export { default } from './plugin';
export { VfsBackend, VFS_DEFAULTS, VFS_VOLUME_OPTIONS, checkWritableDirectory } from './vfs-backend';
export { VfsVolume, type VfsVolumeSettings } from './vfs-volume';
export type { Config as VfsBackendConfig } from './config.generated';
// Building blocks of directory-based backends (btrfs and xfs use them).
export { StorageErrorCodes, StorageErrors, volumeConfigError } from './storage-errors';
export { checkFolder, checkLimit, checkScope, uuidHex } from './storage-arguments';
export { VolumeLayout, METADATA_DIR } from './volume-layout';
export { VolumeMetadata, type LimitRecord } from './volume-metadata';
export { readJsonFile, writeJsonFile } from './json-file';
export { scanTree, type TreeTotals } from './tree-scan';
export { TreeUsageCache, type TreeUsageOptions } from './tree-usage-cache';
export { copyTree } from './tree-copy';
export { removeTree } from './tree-remove';
export { ProgressReporter } from './progress-reporter';
export { ensureFitsScope } from './scope-limit';
export { filesystemCapacity, isDirectory, makeFolderDirectory, makeParents, pathExists } from './directories';
export {
  checkVolumeConfig,
  nonNegativeNumber,
  positiveInteger,
  type VolumeOptionSpec,
} from './volume-options';
export { SerialQueue } from './serial-queue';
export { filesystemType } from './filesystem-type';
