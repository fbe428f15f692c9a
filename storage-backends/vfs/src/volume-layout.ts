import { join } from 'node:path';
import type { FolderRef, QuotaScope } from '@tessera/core';
import { checkFolder, checkScope, uuidHex } from './storage-arguments';

/** Where Tessera keeps its own records on a volume; never inside a folder, so kernels cannot see it. */
export const METADATA_DIR = '.tessera';

/**
 * Backend.AI's directory layout on a volume: a quota scope is `<mount>/<scope-hex>` and a folder
 * `<mount>/<scope-hex>/<hex[0:2]>/<hex[2:4]>/<hex[4:]>` (hex: the UUID without dashes), so a
 * volume written by upstream's storage proxy reads the same here. Ids are checked before a path
 * is built, so no argument can point outside the volume.
 */
export class VolumeLayout {
  constructor(readonly mountPath: string) {}

  scopeDir(scope: QuotaScope): string {
    checkScope(scope);
    return join(this.mountPath, uuidHex(scope.id));
  }

  folderDir(folder: FolderRef, field = ''): string {
    checkFolder(folder, field);
    const hex = uuidHex(folder.folderId);
    return join(this.scopeDir(folder.scope), hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  }

  /** `<mount>/.tessera/<...parts>` */
  metadataPath(...parts: string[]): string {
    return join(this.mountPath, METADATA_DIR, ...parts);
  }

  scopeMetadataPath(scope: QuotaScope): string {
    checkScope(scope);
    return this.metadataPath('scopes', `${uuidHex(scope.id)}.json`);
  }

  folderMetadataPath(folder: FolderRef): string {
    checkFolder(folder);
    return this.metadataPath('folders', uuidHex(folder.scope.id), `${uuidHex(folder.folderId)}.json`);
  }
}
