import type { Readable } from 'node:stream';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { parseQuotaScope, type FolderRef, type Logger } from '@tessera/core';
import type { UploadClaims } from '../client-api/tokens';
import { FolderFiles } from '../fs/folder-files';
import { errorCode, type OpenDirectory } from '../fs/folder-root';
import { joinRelpath, parseRelpath, UPLOAD_DIR } from '../fs/relpath';
import { ProxyErrors } from '../proxy-errors';
import type { ServedVolume, VolumeSet } from '../volume-set';
import { writeBody } from './body-writer';

/** One tus PATCH as the client API parsed it. */
export interface UploadChunk {
  offset: number;
  /** Content-Length, when the client sent one. */
  length: number | undefined;
  checksum: { algorithm: string; digest: string } | undefined;
  body: Readable;
}

/** Upload-Checksum algorithms (tus checksum extension), as node:crypto names them. */
export const CHECKSUM_ALGORITHMS: Record<string, string> = {
  sha1: 'sha1',
  sha256: 'sha256',
  md5: 'md5',
  sha512: 'sha512',
};

/**
 * Upload sessions: created when the manager asks for an upload token (an empty staging file at
 * `<folder>/.upload/<session>`, on the folder's own file system), filled by tus PATCHes, moved to
 * the token's `relpath` when complete. The staging file's size is the upload offset, so a session
 * survives a proxy restart; PATCHes and HEADs of one session run one at a time.
 */
export class UploadSessions {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly volumes: VolumeSet,
    private readonly log: Logger,
    /** fsync a completed upload before moving it into place (`fsyncUploads`). */
    private readonly fsync = false,
  ) {}

  /** Checks room for `size` more bytes and creates the staging file; returns the session id. */
  async prepare(served: ServedVolume, folder: FolderRef, segments: string[], size: number): Promise<string> {
    await checkRoom(served, folder, size);
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId, served.owner);
    try {
      // The target must not be a directory, and its existing parents must be plain directories.
      await rejectDirectoryTarget(files, segments);
      const staging = await files.root.makeDirectories([UPLOAD_DIR], 'relpath');
      try {
        const session = randomUUID();
        await (await files.root.createFile(staging, session, 'relpath')).close();
        return session;
      } finally {
        await staging.close();
      }
    } finally {
      await files.close();
    }
  }

  /** The session's offset (the staging file's size). */
  async offset(claims: UploadClaims): Promise<number> {
    return this.exclusive(claims.session, () =>
      this.withStaging(claims, async (_files, _staging, handle) => (await handle.stat()).size),
    );
  }

  /**
   * Appends one chunk at its offset. Refused without touching the stored bytes: a wrong offset
   * (409), bytes beyond the token's size (413), a chunk failing Upload-Checksum (460), a full
   * quota (413); after a lost connection the bytes that arrived stay. When the offset reaches the
   * size the file is (with `fsync`, synced and) renamed onto `relpath` (overwriting a file there), so nothing
   * half-written is ever visible at `relpath`.
   */
  async receive(claims: UploadClaims, chunk: UploadChunk): Promise<{ offset: number; finished: boolean }> {
    const served = this.volumes.require(claims.volume);
    const segments = parseRelpath('relpath', claims.relpath);
    return this.exclusive(claims.session, () =>
      this.withStaging(claims, async (files, staging, handle) => {
        const stored = (await handle.stat()).size;
        if (chunk.offset !== stored) throw ProxyErrors.offsetConflict(chunk.offset, stored);
        if (chunk.length !== undefined && stored + chunk.length > claims.size) {
          throw ProxyErrors.uploadTooLarge(
            `The chunk (${chunk.length} bytes at offset ${stored}) goes past the upload's size of ${claims.size} bytes`,
          );
        }
        if (stored < claims.size && !served.volume.capabilities().kernelQuota) {
          await checkRoom(served, folderOf(claims), claims.size - stored);
        }
        let hash: Hash | undefined;
        if (chunk.checksum) hash = createHash(CHECKSUM_ALGORITHMS[chunk.checksum.algorithm]!);
        let written;
        try {
          written = await writeBody(handle, chunk.body, stored, claims.size, hash);
        } catch (error) {
          await handle.truncate(stored);
          const code = errorCode(error);
          if (code === 'EDQUOT' || code === 'ENOSPC') {
            throw ProxyErrors.quotaExceeded('The folder or its volume is full; the chunk was discarded');
          }
          throw error;
        }
        if (written.overflow) {
          await handle.truncate(stored);
          throw ProxyErrors.uploadTooLarge(
            `The chunk goes past the upload's size of ${claims.size} bytes; it was discarded`,
          );
        }
        if (chunk.checksum && (written.interrupted || hash!.digest('base64') !== chunk.checksum.digest)) {
          await handle.truncate(stored);
          throw ProxyErrors.checksumMismatch(chunk.checksum.algorithm);
        }
        if (written.position < claims.size) return { offset: written.position, finished: false };
        if (this.fsync) await handle.datasync();
        await this.moveIntoPlace(files, staging, claims.session, segments);
        this.log.info('upload finished', { volume: claims.volume, vfid: claims.vfid, bytes: claims.size });
        return { offset: written.position, finished: true };
      }),
    );
  }

  private async moveIntoPlace(
    files: FolderFiles,
    staging: OpenDirectory,
    session: string,
    segments: string[],
  ): Promise<void> {
    const parent = await files.root.makeDirectories(segments.slice(0, -1), 'relpath');
    try {
      const name = segments[segments.length - 1]!;
      if ((await files.root.lstat(parent, name))?.isDirectory()) {
        throw ProxyErrors.isADirectory(joinRelpath(segments), 'the upload cannot replace a directory');
      }
      await files.root.rename(staging, session, parent, name, 'relpath');
    } finally {
      await parent.close();
    }
    try {
      await files.root.rmdir(files.root.rootDirectory(), UPLOAD_DIR);
    } catch {
      // Other sessions are still staged there.
    }
  }

  private async withStaging<T>(
    claims: UploadClaims,
    use: (files: FolderFiles, staging: OpenDirectory, handle: FileHandle) => Promise<T>,
  ): Promise<T> {
    const served = this.volumes.require(claims.volume);
    const folder = folderOf(claims);
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId, served.owner);
    try {
      let staging: OpenDirectory;
      try {
        staging = await files.root.openDirectory([UPLOAD_DIR], 'token');
      } catch (error) {
        if ((error as { code?: string }).code === 'storage-proxy-file-not-found')
          throw ProxyErrors.noUploadSession();
        throw error;
      }
      try {
        const handle = await files.root.openForWriting(staging, claims.session, 'token');
        if (!handle) throw ProxyErrors.noUploadSession();
        try {
          return await use(files, staging, handle);
        } finally {
          await handle.close();
        }
      } finally {
        await staging.close();
      }
    } finally {
      await files.close();
    }
  }

  /** Runs `task` after every earlier task of the same session has settled. */
  private async exclusive<T>(session: string, task: () => Promise<T>): Promise<T> {
    const before = this.running.get(session) ?? Promise.resolve();
    const current = before.catch(() => undefined).then(task);
    this.running.set(session, current);
    try {
      return await current;
    } finally {
      if (this.running.get(session) === current) this.running.delete(session);
    }
  }
}

/** The folder a token names (its claims were signed by this proxy, but are checked anyway). */
export function folderOf(claims: { quota_scope_id: string; vfid: string }): FolderRef {
  const scope = parseQuotaScope(claims.quota_scope_id);
  if (!scope || !/^[0-9a-f-]{32,36}$/i.test(claims.vfid))
    throw ProxyErrors.tokenInvalid('its folder claims are malformed');
  return { scope, folderId: claims.vfid };
}

/** 413 quota-exceeded when `bytes` more would pass the folder's or its scope's limit. */
export async function checkRoom(served: ServedVolume, folder: FolderRef, bytes: number): Promise<void> {
  const usage = await served.volume.folderUsage(folder);
  if (usage.limitBytes !== null && usage.usedBytes + bytes > usage.limitBytes) {
    throw ProxyErrors.quotaExceeded(
      `The folder's quota is exceeded: ${usage.usedBytes} of ${usage.limitBytes} bytes used, ${bytes} more requested`,
      { used_bytes: usage.usedBytes, limit_bytes: usage.limitBytes },
    );
  }
  const scope = await served.volume.scopeUsage(folder.scope);
  if (scope && scope.limitBytes !== null && scope.usedBytes + bytes > scope.limitBytes) {
    throw ProxyErrors.quotaExceeded(
      `The quota scope's limit is exceeded: ${scope.usedBytes} of ${scope.limitBytes} bytes used, ${bytes} more requested`,
      { used_bytes: scope.usedBytes, limit_bytes: scope.limitBytes },
    );
  }
}

async function rejectDirectoryTarget(files: FolderFiles, segments: string[]): Promise<void> {
  let parent: OpenDirectory;
  try {
    parent = await files.root.openDirectory(segments.slice(0, -1), 'relpath');
  } catch (error) {
    // Missing parents are created when the upload completes.
    if ((error as { code?: string }).code === 'storage-proxy-file-not-found') return;
    throw error;
  }
  try {
    if ((await files.root.lstat(parent, segments[segments.length - 1]!))?.isDirectory()) {
      throw ProxyErrors.isADirectory(joinRelpath(segments), 'an upload cannot replace a directory');
    }
  } finally {
    await parent.close();
  }
}
