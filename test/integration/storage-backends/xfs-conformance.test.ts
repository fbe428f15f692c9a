import { describeStorageBackendConformance } from '@tessera/core/testing';
import { XFS_DEFAULTS, XfsBackend } from '@tessera/storage-backend-xfs';
import { describeWithLoopVolume } from './support/loop-volume';

describeWithLoopVolume('storage-backend xfs (loop-mounted image, -o prjquota)', 'xfs', 512, (volume) => {
  describeStorageBackendConformance('xfs', async () => ({
    backend: new XfsBackend(XFS_DEFAULTS),
    config: { name: 'xfs-test', path: volume().path, options: {} },
    invalidOptions: { firstProjectId: 0 },
  }));
});
