import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderUsage } from '@tessera/core';
import { describeStorageBackendConformance, type StorageBackendUnderTest } from '@tessera/core/testing';
import { runConformanceSuite } from '../../support/run-conformance-suite';
import { FolderStorageBackend, usageOf } from './folder-storage-backend';

/**
 * A backend of class `Backend` on a fresh volume, `<temporary folder>/volume`, removed on close
 * with its parent (where a backend that lets `../` through writes).
 */
function onTemporaryVolume(Backend: new (root: string) => FolderStorageBackend): StorageBackendUnderTest {
  const parent = mkdtempSync(join(tmpdir(), 'tessera-volume-'));
  const root = join(parent, 'volume');
  mkdirSync(root);
  return { backend: new Backend(root), close: async () => rmSync(parent, { recursive: true, force: true }) };
}

describeStorageBackendConformance('folder reference (node:fs in a temporary directory)', () =>
  onTemporaryVolume(FolderStorageBackend),
);

/** Creating a folder that exists empties it. */
class WipingBackend extends FolderStorageBackend {
  override async createFolder(folderId: string): Promise<void> {
    await rm(this.mountPath(folderId), { recursive: true, force: true });
    await mkdir(this.mountPath(folderId), { recursive: true });
  }
}

/** Counts directories as files. */
class DirectoryCountingBackend extends FolderStorageBackend {
  override async usage(folderId: string): Promise<FolderUsage> {
    const path = this.mountPath(folderId);
    const directories = (await readdir(path, { withFileTypes: true, recursive: true })).filter((entry) =>
      entry.isDirectory(),
    ).length;
    const files = await usageOf(path);
    return { ...files, fileCount: files.fileCount + directories };
  }
}

/** Takes any string as a folder id, `../escape` included. */
class UncheckedIdBackend extends FolderStorageBackend {
  constructor(private readonly volume: string) {
    super(volume);
  }
  override mountPath(folderId: string): string {
    return join(this.volume, folderId);
  }
}

describe('the storage-backend/v1 draft conformance suite catches broken backends', () => {
  const cases = [
    {
      broken: 'a backend whose createFolder empties an existing folder',
      Backend: WipingBackend,
      fails: ['creating a folder that exists resolves and keeps its contents'],
    },
    {
      broken: 'a backend that counts directories as files',
      Backend: DirectoryCountingBackend,
      fails: ['reports the files of a folder and their bytes, nested ones included, directories not counted'],
    },
    {
      broken: 'a backend that takes any folder id',
      Backend: UncheckedIdBackend,
      fails: ['refuses a folder id that is not a UUID'],
    },
  ];
  for (const { broken, Backend, fails } of cases) {
    it(`fails ${broken}`, async () => {
      const outcome = await runConformanceSuite(() =>
        describeStorageBackendConformance(broken, () => onTemporaryVolume(Backend)),
      );
      expect(outcome.failed.map((f) => f.title)).to.deep.equal(fails);
    });
  }
});
