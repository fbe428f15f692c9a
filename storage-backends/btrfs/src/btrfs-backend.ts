import { mkdir } from 'node:fs/promises';
import {
  runCommand,
  type CommandRunner,
  type Logger,
  type StorageBackend,
  type VolumeConfig,
} from '@tessera/core';
import {
  checkVolumeConfig,
  checkWritableDirectory,
  filesystemType,
  nonNegativeNumber,
  positiveInteger,
  volumeConfigError,
  VolumeLayout,
} from '@tessera/storage-backend-vfs';
import { BtrfsCommands, type BtrfsCommandSettings } from './btrfs-commands';
import { BtrfsVolume, type BtrfsVolumeSettings } from './btrfs-volume';
import { QgroupMap } from './qgroup-map';

/** Per-volume options, overriding the plugin's config for one volume. */
export const BTRFS_VOLUME_OPTIONS = {
  usageScanLimit: positiveInteger,
  usageCacheSeconds: nonNegativeNumber,
};

export type BtrfsBackendSettings = BtrfsCommandSettings & BtrfsVolumeSettings;

export const BTRFS_DEFAULTS: BtrfsBackendSettings = {
  btrfsPath: 'btrfs',
  useSudo: false,
  usageScanLimit: 100_000,
  usageCacheSeconds: 5,
};

/**
 * storage-backend `btrfs`: opens volumes on btrfs, with quotas enabled. The proxy must be able to
 * run btrfs-progs as root (directly, or with `useSudo` through passwordless `sudo -n`).
 */
export class BtrfsBackend implements StorageBackend {
  readonly name = 'btrfs';
  private readonly btrfs: BtrfsCommands;

  constructor(
    private readonly settings: BtrfsBackendSettings = BTRFS_DEFAULTS,
    private readonly log?: Logger,
    run: CommandRunner = runCommand,
  ) {
    this.btrfs = new BtrfsCommands(run, settings);
  }

  async open(config: VolumeConfig): Promise<BtrfsVolume> {
    checkVolumeConfig(config, BTRFS_VOLUME_OPTIONS);
    await checkWritableDirectory(config);
    const type = await filesystemType(config.path);
    if (type !== 'btrfs')
      throw volumeConfigError(config.name, `path ${config.path} is on ${type}, not btrfs`, {
        option: 'path',
        path: config.path,
        filesystem: type,
      });
    try {
      await this.btrfs.quotaEnable(config.path);
    } catch (error) {
      throw volumeConfigError(
        config.name,
        `cannot enable btrfs quotas on ${config.path}: ${error instanceof Error ? error.message : String(error)}`,
        { option: 'path', path: config.path },
      );
    }
    const layout = new VolumeLayout(config.path);
    await mkdir(layout.metadataPath(), { recursive: true, mode: 0o700 });
    const qgroups = new QgroupMap(layout.metadataPath('btrfs-qgroups.json'), config.path, this.btrfs);
    const settings = { ...this.settings, ...(config.options as Partial<BtrfsVolumeSettings>) };
    return new BtrfsVolume(
      config.path,
      this.btrfs,
      qgroups,
      settings,
      this.log?.child({ volume: config.name }),
    );
  }
}
