import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { StorageBackend, VolumeCapabilities, VolumeConfig } from '@tessera/core';
import { describeStorageBackendConformance } from '@tessera/core/testing';
import { checkVolumeConfig, checkWritableDirectory, VolumeLayout } from '@tessera/storage-backend-vfs';
import {
  ProjectIds,
  XFS_DEFAULTS,
  XFS_VOLUME_OPTIONS,
  XfsCommands,
  XfsVolume,
} from '@tessera/storage-backend-xfs';
import { fakeXfsQuota } from './fake-xfs-quota';

/**
 * The xfs volume's own logic (project ids, limits, scope sums, clones, deletes) on a plain
 * directory, with xfs_quota played by a fake that enforces nothing (so `kernelQuota` is reported
 * false here). The real thing runs in test/integration/storage-backends on a loop-mounted XFS
 * image where the kernel supports project quotas.
 */
class UnenforcedXfsVolume extends XfsVolume {
  override capabilities(): VolumeCapabilities {
    return { ...super.capabilities(), kernelQuota: false };
  }
}

function fakeBackend(run = fakeXfsQuota().run): StorageBackend {
  return {
    name: 'xfs',
    async open(config: VolumeConfig) {
      checkVolumeConfig(config, XFS_VOLUME_OPTIONS);
      await checkWritableDirectory(config);
      const firstId = (config.options.firstProjectId as number | undefined) ?? XFS_DEFAULTS.firstProjectId;
      const projects = new ProjectIds(
        new VolumeLayout(config.path).metadataPath('xfs-projects.json'),
        firstId,
      );
      return new UnenforcedXfsVolume(config.path, new XfsCommands(run, XFS_DEFAULTS, config.path), projects);
    },
  };
}

describe('xfs volume with a stand-in xfs_quota', () => {
  describeStorageBackendConformance('xfs (stand-in xfs_quota)', async () => {
    const path = await mkdtemp(join(tmpdir(), 'tessera-xfs-logic-'));
    return {
      backend: fakeBackend(),
      config: { name: 'xfs-logic', path, options: {} },
      invalidOptions: { firstProjectId: 0 },
      close: () => rm(path, { recursive: true, force: true }),
    };
  });

  it('gives each folder a project id of its own from firstProjectId, tags its tree and limits it', async () => {
    const path = await mkdtemp(join(tmpdir(), 'tessera-xfs-logic-'));
    try {
      const quota = fakeXfsQuota();
      const volume = await fakeBackend(quota.run).open({ name: 'v', path, options: { firstProjectId: 500 } });
      const scope = { type: 'user' as const, id: randomUUID() };
      const first = { scope, folderId: randomUUID() };
      const second = { scope, folderId: randomUUID() };
      await volume.createFolder(first, { quotaBytes: 1024 * 1024 });
      await volume.createFolder(second, {});
      expect(quota.calls).to.include(`project -s -p ${volume.folderPath(first)} 500`);
      expect(quota.calls).to.include(`limit -p bhard=1048576 500`);
      expect(quota.calls).to.include(`project -s -p ${volume.folderPath(second)} 501`);
      expect(quota.calls).to.include(`limit -p bhard=0 501`);
      const map = JSON.parse(await readFile(join(path, '.tessera', 'xfs-projects.json'), 'utf8'));
      expect(Object.values(map.folders).sort()).to.deep.equal([500, 501]);
      // A deleted folder's id loses its limit and is handed out again.
      await volume.deleteFolder(first);
      expect(quota.calls.at(-1)).to.equal('limit -p bhard=0 500');
      const third = { scope, folderId: randomUUID() };
      await volume.createFolder(third, {});
      expect(quota.calls).to.include(`project -s -p ${volume.folderPath(third)} 500`);
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});
