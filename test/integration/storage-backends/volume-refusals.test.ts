import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageBackend, VolumeConfig } from '@tessera/core';
import { BTRFS_DEFAULTS, BtrfsBackend } from '@tessera/storage-backend-btrfs';
import { filesystemType } from '@tessera/storage-backend-vfs';
import { XFS_DEFAULTS, XfsBackend } from '@tessera/storage-backend-xfs';
import { describeWithLoopVolume } from './support/loop-volume';

async function refusal(backend: StorageBackend, config: VolumeConfig): Promise<Error & { code?: string }> {
  try {
    const volume = await backend.open(config);
    await volume.close();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error(`${backend.name} opened ${config.path}`);
}

describe('storage backends refuse volumes on the wrong filesystem', () => {
  let plain: string;
  let plainType: string;
  before(async () => {
    plain = await mkdtemp(join(tmpdir(), 'tessera-plain-'));
    plainType = await filesystemType(plain);
  });
  after(() => rm(plain, { recursive: true, force: true }));

  it('btrfs refuses a directory on another filesystem, naming the path and what it is on', async function () {
    if (plainType === 'btrfs') this.skip(); // skipped: the temporary directory is itself on btrfs
    const error = await refusal(new BtrfsBackend(BTRFS_DEFAULTS), { name: 'v', path: plain, options: {} });
    expect(error.code).to.equal('config-invalid');
    expect(error.message).to.include(plain).and.include(`is on ${plainType}, not btrfs`);
  });

  it('xfs refuses a directory on another filesystem', async function () {
    if (plainType === 'xfs') this.skip(); // skipped: the temporary directory is itself on XFS
    const error = await refusal(new XfsBackend(XFS_DEFAULTS), { name: 'v', path: plain, options: {} });
    expect(error.message).to.include(plain).and.include(`is on ${plainType}, not XFS`);
  });

  describeWithLoopVolume(
    'an XFS volume mounted without project quotas',
    'xfs',
    512,
    (volume) => {
      it('xfs refuses it, saying to mount with -o prjquota', async () => {
        const error = await refusal(new XfsBackend(XFS_DEFAULTS), {
          name: 'v',
          path: volume().path,
          options: {},
        });
        expect(error.code).to.equal('config-invalid');
        expect(error.message).to.include('without project quotas').and.include('-o prjquota');
      });
    },
    { mountOptions: [] },
  );
});
