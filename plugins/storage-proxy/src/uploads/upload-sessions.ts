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
 * Upload sessions: named when the manager asks for an upload token (nothing is written then), given
 * a staging file at `<folder>/.upload/<session>` (on the folder's own file system) by their first
 * PATCH, and moved to the token's `relpath` when complete. The staging file's size is the upload
 * offset (none yet: 0), so a session survives a proxy restart; PATCHes and HEADs of one session run
 * one at a time. A staging file left unwritten for longer than a token lives (`sessionExpire`)
 * belongs to an upload no token can resume any more: it is removed when the folder next receives
 * an upload.
 */
export class UploadSessions {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly volumes: VolumeSet,
    private readonly log: Logger,
    /** fsync a completed upload before moving it into place (`fsyncUploads`). */
    private readonly fsync = false,
    /** How long a token lives (`sessionExpire`, seconds): staging files idle longer are abandoned. */
    private readonly sessionExpire = 86_400,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Checks room for `size` more bytes and that the target is not a directory, removes the folder's
   * abandoned staging files, and names a new session (its staging file comes with the first PATCH).
   */
  async prepare(served: ServedVolume, folder: FolderRef, segments: string[], size: number): Promise<string> {
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId, served.owner);
    try {
      await this.removeAbandoned(files, folder);
      await checkRoom(served, folder, size);
      // The target must not be a directory, and its existing parents must be plain directories.
      await rejectDirectoryTarget(files, segments);
      return randomUUID();
    } finally {
      await files.close();
    }
  }

  /** The session's offset: the staging file's size, 0 before its first PATCH. */
  async offset(claims: UploadClaims): Promise<number> {
    return this.exclusive(claims.session, async () => {
      const size = await this.withStaging(
        claims,
        false,
        async (_files, _staging, handle) => (await handle.stat()).size,
      );
      return size ?? 0;
    });
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
    return this.exclusive(claims.session, async () => {
      const received = await this.withStaging(claims, chunk.offset === 0, async (files, staging, handle) => {
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
      });
      // No staging file and a PATCH that does not start at 0: the session holds nothing yet.
      if (!received) throw ProxyErrors.offsetConflict(chunk.offset, 0);
      return received;
    });
  }

  /** Removes the folder's staging files nobody wrote to for longer than a token lives. */
  private async removeAbandoned(files: FolderFiles, folder: FolderRef): Promise<void> {
    let staging: OpenDirectory;
    try {
      staging = await files.root.openDirectory([UPLOAD_DIR], 'relpath');
    } catch (error) {
      if ((error as { code?: string }).code === 'storage-proxy-file-not-found') return;
      throw error;
    }
    try {
      const cutoff = this.now() - this.sessionExpire * 1000;
      for (const name of await files.root.names(staging)) {
        if (this.running.has(name)) continue;
        const stats = await files.root.lstat(staging, name);
        if (!stats?.isFile() || stats.mtimeMs >= cutoff) continue;
        await files.root.unlink(staging, name);
        this.log.info('abandoned upload removed', {
          vfid: folder.folderId,
          session: name,
          bytes: stats.size,
        });
      }
    } finally {
      await staging.close();
    }
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

  /**
   * Runs `use` on the session's staging file, creating it (and `.upload`) when `create` is set;
   * answers undefined, without creating anything, when there is none and `create` is not set.
   */
  private async withStaging<T>(
    claims: UploadClaims,
    create: boolean,
    use: (files: FolderFiles, staging: OpenDirectory, handle: FileHandle) => Promise<T>,
  ): Promise<T | undefined> {
    const served = this.volumes.require(claims.volume);
    const folder = folderOf(claims);
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId, served.owner);
    try {
      let staging: OpenDirectory;
      try {
        staging = create
          ? await files.root.makeDirectories([UPLOAD_DIR], 'token')
          : await files.root.openDirectory([UPLOAD_DIR], 'token');
      } catch (error) {
        if ((error as { code?: string }).code === 'storage-proxy-file-not-found') return undefined;
        throw error;
      }
      try {
        let handle = await files.root.openForWriting(staging, claims.session, 'token');
        if (!handle && create) handle = await files.root.createFile(staging, claims.session, 'token');
        if (!handle) return undefined;
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
