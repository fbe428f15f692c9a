import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Logger, StorageBackend, StorageVolume, VolumeConfig } from '@tessera/core';
import { isDirectory } from './directories';
import { volumeConfigError } from './storage-errors';
import { VfsVolume, type VfsVolumeSettings } from './vfs-volume';
import { checkVolumeConfig, nonNegativeNumber, positiveInteger } from './volume-options';

/** Per-volume options (`[volume.<name>.options]`), overriding the plugin's config for one volume. */
export const VFS_VOLUME_OPTIONS = {
  usageScanLimit: positiveInteger,
  usageCacheSeconds: nonNegativeNumber,
};

export const VFS_DEFAULTS: VfsVolumeSettings = { usageScanLimit: 100_000, usageCacheSeconds: 5 };

/** storage-backend `vfs`: opens volumes of plain directories. */
export class VfsBackend implements StorageBackend {
  readonly name = 'vfs';

  constructor(
    private readonly defaults: VfsVolumeSettings = VFS_DEFAULTS,
    private readonly log?: Logger,
  ) {}

  async open(config: VolumeConfig): Promise<StorageVolume> {
    checkVolumeConfig(config, VFS_VOLUME_OPTIONS);
    await checkWritableDirectory(config);
    const settings = { ...this.defaults, ...(config.options as Partial<VfsVolumeSettings>) };
    return new VfsVolume(config.path, settings, this.log?.child({ volume: config.name }));
  }
}

/** Refuses a volume path that is missing, not a directory, or not writable by the proxy. */
export async function checkWritableDirectory(config: VolumeConfig): Promise<void> {
  if (!(await isDirectory(config.path)))
    throw volumeConfigError(config.name, `path ${config.path} is not an existing directory`, {
      option: 'path',
      path: config.path,
    });
  try {
    await access(config.path, constants.W_OK | constants.X_OK);
  } catch {
    throw volumeConfigError(config.name, `path ${config.path} is not writable by the storage proxy`, {
      option: 'path',
      path: config.path,
    });
  }
}
