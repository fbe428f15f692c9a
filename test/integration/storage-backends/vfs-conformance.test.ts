import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageBackendConformance } from '@tessera/core/testing';
import { VfsBackend } from '@tessera/storage-backend-vfs';

describe('storage-backend vfs', () => {
  describeStorageBackendConformance('vfs', async () => {
    const path = await mkdtemp(join(tmpdir(), 'tessera-vfs-'));
    return {
      backend: new VfsBackend({ usageScanLimit: 100_000, usageCacheSeconds: 5 }),
      config: { name: 'local', path, options: {} },
      invalidOptions: { usageScanLimit: 0, usageCacheSeconds: -1 },
      close: () => rm(path, { recursive: true, force: true }),
    };
  });
});
