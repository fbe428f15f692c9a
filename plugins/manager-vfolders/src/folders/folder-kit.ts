import type { Database, LockService, Logger } from '@tessera/core';
import type { AccessPolicy, BackgroundTasks } from '@tessera/manager';
import type { StorageProxies } from '../storage/storage-proxies';
import type { FolderAccess } from './folder-access';

/** What every part of the folder API works with. */
export interface FolderKit {
  readonly db: Database;
  readonly proxies: StorageProxies;
  readonly folders: FolderAccess;
  readonly tasks: BackgroundTasks;
  readonly log: Logger;
  readonly access: AccessPolicy;
  /** Leases of running folder tasks (clone, delete); null without a lock service. */
  readonly locks: LockService | null;
}
