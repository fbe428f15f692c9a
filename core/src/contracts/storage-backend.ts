import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/**
 * Whose quota a folder counts against: a user's or a project's (Backend.AI's quota scope,
 * `user:<uuid>` / `project:<uuid>` in its string form).
 */
export interface QuotaScope {
  type: 'user' | 'project';
  /** The user's or project's UUID. */
  id: string;
}

/** One folder on a volume: its quota scope and its own UUID (Backend.AI's `VFolderID`). */
export interface FolderRef {
  scope: QuotaScope;
  folderId: string;
}

/** What a volume can do beyond plain directories. */
export interface VolumeCapabilities {
  /**
   * Limits are enforced by the filesystem itself (btrfs qgroups, XFS project quotas, a vendor's
   * quota API), so writes from inside containers stop at the limit too. When false the storage
   * proxy still enforces limits, but only for uploads it receives.
   */
  kernelQuota: boolean;
  /** Usage comes from the filesystem's accounting, not from walking the tree. */
  fastUsage: boolean;
  /** `cloneFolder` is a snapshot (constant time), not a copy. */
  snapshotClone: boolean;
}

/** Bytes and files in a folder or a quota scope, with the limit that applies (null: none). */
export interface StorageUsage {
  usedBytes: number;
  fileCount: number;
  limitBytes: number | null;
}

/** The size of the volume as a whole. */
export interface VolumeCapacity {
  capacityBytes: number;
  usedBytes: number;
}

/** Progress of a long volume operation (clone, deleting a big tree). */
export type StorageProgress = (done: { bytes: number; files: number }) => void;

/**
 * One volume a storage proxy serves, opened by a storage backend from the proxy's volume config.
 * Folders live under their quota scope; every method is idempotent for a folder or scope already
 * in the requested state, except `createFolder`, which refuses an existing folder (`exists`).
 * Errors are TesseraErrors with a code the proxy maps to its answer: `folder-not-found`,
 * `folder-exists`, `quota-exceeded`, `invalid-argument` (naming the field).
 */
export interface StorageVolume {
  /** The backend's name (`vfs`, `btrfs`, `xfs`, a vendor's). */
  readonly backend: string;
  /** Where the volume is mounted on this host (and on every agent, at the same path). */
  readonly mountPath: string;
  capabilities(): VolumeCapabilities;
  capacity(): Promise<VolumeCapacity>;

  /** Sets (or, with null, removes) a scope's limit, creating the scope when it does not exist. */
  setScopeQuota(scope: QuotaScope, limitBytes: number | null): Promise<void>;
  /** The scope's usage and limit; null when the scope does not exist on this volume. */
  scopeUsage(scope: QuotaScope): Promise<StorageUsage | null>;

  /** Creates an empty folder (its scope too when missing), with its own limit when given. */
  createFolder(folder: FolderRef, options: { quotaBytes?: number | null }): Promise<void>;
  /** Deletes a folder and everything in it; a folder already gone is not an error. */
  deleteFolder(folder: FolderRef, progress?: StorageProgress): Promise<void>;
  /** Makes `target` (which must not exist) a copy of `source`, contents and limit included. */
  cloneFolder(source: FolderRef, target: FolderRef, progress?: StorageProgress): Promise<void>;
  /** Sets (null: removes) the folder's own limit. */
  setFolderQuota(folder: FolderRef, limitBytes: number | null): Promise<void>;
  /** The folder's usage and its own limit (`folder-not-found` when missing). */
  folderUsage(folder: FolderRef): Promise<StorageUsage>;
  /**
   * Absolute host path of the folder's root directory: what agents bind into kernels and what the
   * proxy's file operations resolve paths under. Does not check that the folder exists.
   */
  folderPath(folder: FolderRef): string;
  /** Releases what `open` acquired (timers, caches); the volume's data stays. */
  close(): Promise<void>;
}

/** A volume as an operator configures it on a storage proxy (`[volume.<name>]` upstream). */
export interface VolumeConfig {
  /** The volume's name, unique on its proxy (the host is `<proxy>:<name>`). */
  name: string;
  /** The volume's mount point; must be the same path on the proxy's host and on every agent. */
  path: string;
  /** Backend-specific settings, validated by the backend (naming the option it refuses). */
  options: Record<string, unknown>;
}

/**
 * storage-backend/v2: one kind of volume (vfs, btrfs, xfs, a vendor's API). The storage proxy
 * opens each configured volume through the backend its config names. File operations inside a
 * folder (list, mkdir, rename, delete, upload, download) are the proxy's, on `folderPath`; a
 * backend provides folders, quotas, usage and clones.
 */
export interface StorageBackend {
  readonly name: string;
  /** Opens a volume; refuses (naming the option or the path) a config it cannot serve. */
  open(config: VolumeConfig): Promise<StorageVolume>;
}
export const StorageBackendRegistry = contractToken<NamedRegistry<StorageBackend>>('storage-backend');

/** `user:<uuid>` / `project:<uuid>`, the string form Backend.AI uses for quota scopes. */
export function formatQuotaScope(scope: QuotaScope): string {
  return `${scope.type}:${scope.id}`;
}

const SCOPE_FORM = /^(user|project):([0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})$/i;

/** Reads `user:<uuid>` / `project:<uuid>`; null for anything else. */
export function parseQuotaScope(text: string): QuotaScope | null {
  const match = SCOPE_FORM.exec(text);
  if (!match) return null;
  const hex = match[2]!.replace(/-/g, '').toLowerCase();
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { type: match[1]!.toLowerCase() as QuotaScope['type'], id };
}
