import { expect } from 'chai';
import { bootTestKernel } from '@tessera/core/testing';
import type { NamedRegistry, StorageBackend } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';

describe('storage-backend plugins in a kernel', () => {
  it('register vfs, btrfs and xfs in the storage-backend registry of a storage proxy', async () => {
    const test = await bootTestKernel({
      roles: ['storage-proxy'],
      cwd: REPO_ROOT,
      plugins: [
        { package: '@tessera/config-store-embedded', config: { file: '' } },
        { package: '@tessera/storage-backend-vfs' },
        { package: '@tessera/storage-backend-btrfs' },
        { package: '@tessera/storage-backend-xfs' },
      ],
    });
    try {
      const backends = test.kernel.resolve<NamedRegistry<StorageBackend>>('storage-backend');
      expect(backends.names().sort()).to.deep.equal(['btrfs', 'vfs', 'xfs']);
      expect(backends.require('btrfs').name).to.equal('btrfs');
    } finally {
      await test.stop();
    }
  });
});
