import { describeStorageBackendConformance } from '@tessera/core/testing';
import { BTRFS_DEFAULTS, BtrfsBackend } from '@tessera/storage-backend-btrfs';
import { describeWithLoopVolume } from './support/loop-volume';

describeWithLoopVolume('storage-backend btrfs (loop-mounted image)', 'btrfs', 512, (volume) => {
  describeStorageBackendConformance('btrfs', async () => ({
    backend: new BtrfsBackend(BTRFS_DEFAULTS),
    config: { name: 'btrfs-test', path: volume().path, options: {} },
    invalidOptions: { usageScanLimit: 0, usageCacheSeconds: 'soon' },
  }));
});
