import { uuidHex, readJsonFile, SerialQueue, writeJsonFile } from '@tessera/storage-backend-vfs';
import type { FolderRef, QuotaScope } from '@tessera/core';

interface ProjectMapFile {
  /** `<scope-hex>/<folder-hex>` -> the folder's XFS project id. */
  folders: Record<string, number>;
}

const MAX_PROJECT_ID = 0xfffffffe;

/**
 * The XFS project id of every folder, kept in `<mount>/.tessera/xfs-projects.json` so it
 * survives restarts. A new id is the smallest from `firstId` up that neither this map nor the
 * filesystem's quota report uses, so projects an operator made by hand are never taken over.
 */
export class ProjectIds {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly file: string,
    private readonly firstId: number,
  ) {}

  async find(folder: FolderRef): Promise<number | null> {
    return (await this.read()).folders[key(folder)] ?? null;
  }

  /** Ids of the scope's folders. */
  async ofScope(scope: QuotaScope): Promise<number[]> {
    const prefix = `${uuidHex(scope.id)}/`;
    const map = await this.read();
    return Object.entries(map.folders)
      .filter(([folder]) => folder.startsWith(prefix))
      .map(([, id]) => id);
  }

  /** Records a new id for `folder`; `inUse` are the ids the filesystem reports. */
  allocate(folder: FolderRef, inUse: Iterable<number>): Promise<number> {
    return this.queue.run(async () => {
      const map = await this.read();
      const taken = new Set([...inUse, ...Object.values(map.folders)]);
      let id = this.firstId;
      while (taken.has(id)) id++;
      if (id > MAX_PROJECT_ID) throw new Error('no free XFS project id left');
      map.folders[key(folder)] = id;
      await writeJsonFile(this.file, map);
      return id;
    });
  }

  release(folder: FolderRef): Promise<void> {
    return this.queue.run(async () => {
      const map = await this.read();
      if (!(key(folder) in map.folders)) return;
      delete map.folders[key(folder)];
      await writeJsonFile(this.file, map);
    });
  }

  private async read(): Promise<ProjectMapFile> {
    return (await readJsonFile<ProjectMapFile>(this.file)) ?? { folders: {} };
  }
}

function key(folder: FolderRef): string {
  return `${uuidHex(folder.scope.id)}/${uuidHex(folder.folderId)}`;
}
