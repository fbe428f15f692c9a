import { mkdir, realpath } from 'node:fs/promises';
import { runCommand, type CommandRunner, type StorageBackend, type VolumeConfig } from '@tessera/core';
import {
  checkVolumeConfig,
  checkWritableDirectory,
  filesystemType,
  volumeConfigError,
  VolumeLayout,
  type VolumeOptionSpec,
} from '@tessera/storage-backend-vfs';
import { mountOf, readMountTable, type MountEntry } from './mount-table';
import { ProjectIds } from './project-ids';
import { XfsCommands, type XfsCommandSettings } from './xfs-commands';
import { XfsVolume } from './xfs-volume';

const projectId: VolumeOptionSpec = {
  expected: 'an XFS project id (a whole number from 1 to 4294967294)',
  valid: (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= 0xfffffffe,
};

/** Per-volume options, overriding the plugin's config for one volume. */
export const XFS_VOLUME_OPTIONS = { firstProjectId: projectId };

export interface XfsBackendSettings extends XfsCommandSettings {
  firstProjectId: number;
}

export const XFS_DEFAULTS: XfsBackendSettings = {
  xfsQuotaPath: 'xfs_quota',
  useSudo: false,
  firstProjectId: 10_000,
};

/**
 * storage-backend `xfs`: opens volumes on XFS mounted with project quotas (`-o prjquota`). The
 * proxy must be able to run `xfs_quota -x` as root (directly, or with `useSudo`).
 */
export class XfsBackend implements StorageBackend {
  readonly name = 'xfs';

  constructor(
    private readonly settings: XfsBackendSettings = XFS_DEFAULTS,
    private readonly run: CommandRunner = runCommand,
    private readonly mountTable: () => Promise<MountEntry[]> = readMountTable,
  ) {}

  async open(config: VolumeConfig): Promise<XfsVolume> {
    checkVolumeConfig(config, XFS_VOLUME_OPTIONS);
    await checkWritableDirectory(config);
    const refuse = (message: string) =>
      volumeConfigError(config.name, message, { option: 'path', path: config.path });
    if (/\s/.test(config.path))
      throw refuse(
        `path ${JSON.stringify(config.path)} has white space, which xfs_quota commands cannot carry`,
      );
    const type = await filesystemType(config.path);
    if (type !== 'xfs') throw refuse(`path ${config.path} is on ${type}, not XFS`);
    const mount = mountOf(await this.mountTable(), await realpath(config.path));
    if (!mount) throw refuse(`no mount of ${config.path} in /proc/self/mountinfo`);
    const options = new Set(mount.superOptions);
    if (!options.has('prjquota') && !options.has('pquota'))
      throw refuse(
        options.has('pqnoenforce')
          ? `${mount.mountPoint} is mounted with pqnoenforce: project quotas are counted but not enforced; mount it with -o prjquota`
          : `${mount.mountPoint} is mounted without project quotas; mount it with -o prjquota (fstab: defaults,prjquota), which XFS only accepts at mount time, not on a remount`,
      );
    const layout = new VolumeLayout(config.path);
    await mkdir(layout.metadataPath(), { recursive: true, mode: 0o700 });
    const firstId = (config.options.firstProjectId as number | undefined) ?? this.settings.firstProjectId;
    const projects = new ProjectIds(layout.metadataPath('xfs-projects.json'), firstId);
    return new XfsVolume(config.path, new XfsCommands(this.run, this.settings, mount.mountPoint), projects);
  }
}
