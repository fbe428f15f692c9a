import { formatQuotaScope, type QuotaScope } from '@tessera/core';
import { readJsonFile, SerialQueue, writeJsonFile } from '@tessera/storage-backend-vfs';
import type { BtrfsCommands } from './btrfs-commands';

interface QgroupMapFile {
  /** `user:<uuid>` / `project:<uuid>` -> the number n of its level-1 qgroup `1/n`. */
  scopes: Record<string, number>;
}

/**
 * Which level-1 qgroup (`1/<n>`) holds each quota scope's subvolumes, kept in
 * `<mount>/.tessera/btrfs-qgroups.json` so it survives restarts. New numbers are above every
 * level-1 qgroup the filesystem already has, so qgroups made by hand are never taken over.
 */
export class QgroupMap {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly file: string,
    private readonly mountPath: string,
    private readonly btrfs: BtrfsCommands,
  ) {}

  /** The scope's qgroup (`1/<n>`), or null when the scope has none yet. */
  async find(scope: QuotaScope): Promise<string | null> {
    const map = await this.read();
    const n = map.scopes[formatQuotaScope(scope)];
    return n === undefined ? null : `1/${n}`;
  }

  /** The scope's qgroup, made (and recorded) when it has none. */
  ensure(scope: QuotaScope): Promise<string> {
    return this.queue.run(async () => {
      const map = await this.read();
      const key = formatQuotaScope(scope);
      const known = map.scopes[key];
      if (known !== undefined) return `1/${known}`;
      const { rows } = await this.btrfs.qgroupShow(this.mountPath);
      const taken = [...rows.keys()].filter((id) => id.startsWith('1/')).map((id) => Number(id.slice(2)));
      const n = Math.max(0, ...taken, ...Object.values(map.scopes)) + 1;
      await this.btrfs.qgroupCreate(`1/${n}`, this.mountPath);
      map.scopes[key] = n;
      await writeJsonFile(this.file, map);
      return `1/${n}`;
    });
  }

  private async read(): Promise<QgroupMapFile> {
    return (await readJsonFile<QgroupMapFile>(this.file)) ?? { scopes: {} };
  }
}
