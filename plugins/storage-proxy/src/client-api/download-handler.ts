import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type archiver from 'archiver';
import type { Logger } from '@tessera/core';
import { FolderFiles } from '../fs/folder-files';
import type { OpenDirectory } from '../fs/folder-root';
import { parseRelpath, UPLOAD_DIR } from '../fs/relpath';
import { ProxyErrors } from '../proxy-errors';
import { folderOf } from '../uploads/upload-sessions';
import type { VolumeSet } from '../volume-set';
import { ifRangeMatches, parseRange } from './byte-range';
import { CORS_HEADERS } from './cors';
import { READ_CHUNK, sendFileRange } from './file-sender';
import type { DownloadClaims, TokenIssuer } from './tokens';

/**
 * GET/HEAD `/download?token=` (a file, with ranges; a directory as a zip when the token has
 * `archive`) and `/download-archive?token=` (a directory as a zip).
 */
export class DownloadHandler {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly volumes: VolumeSet,
    private readonly log: Logger,
  ) {}

  async download(
    req: IncomingMessage,
    res: ServerResponse,
    token: string | null,
    archiveOnly: boolean,
  ): Promise<void> {
    const claims = await this.tokens.verify(token, 'download');
    const served = this.volumes.require(claims.volume);
    const folder = folderOf(claims);
    const segments = parseRelpath('relpath', claims.relpath, { allowRoot: true });
    const files = await FolderFiles.open(served.volume.folderPath(folder), folder.folderId);
    let handedOver = false;
    try {
      const parent =
        segments.length === 0
          ? files.root.rootDirectory()
          : await files.root.openDirectory(segments.slice(0, -1), 'relpath');
      try {
        const name = segments[segments.length - 1];
        const stats = name === undefined ? undefined : await files.root.lstat(parent, name);
        if (stats === null) throw ProxyErrors.fileNotFound(claims.relpath);
        if (stats?.isSymbolicLink()) {
          throw ProxyErrors.invalidPath(
            'relpath',
            `"${claims.relpath}" is a symbolic link, which the storage proxy never follows`,
          );
        }
        if (stats === undefined || stats.isDirectory()) {
          if (!archiveOnly && !claims.archive) {
            throw ProxyErrors.isADirectory(
              claims.relpath,
              'request a download token with archive to get it as a zip',
            );
          }
          const directory =
            name === undefined ? parent : await files.root.openChildDirectory(parent, name, 'relpath');
          handedOver = true;
          await this.sendArchive(req, res, files, directory, claims, `${name ?? claims.vfid}.zip`).finally(
            async () => {
              if (directory !== parent) await directory.close();
              await files.close();
            },
          );
          return;
        }
        if (archiveOnly) throw ProxyErrors.notADirectory(claims.relpath);
        const { handle, stats: fileStats } = await files.root.openFile(parent, name!, 'relpath');
        handedOver = true;
        await files.close();
        try {
          await this.sendFile(req, res, handle, fileStats.size, fileStats.mtime, name!);
        } finally {
          await handle.close().catch(() => undefined);
        }
      } finally {
        await parent.close();
      }
    } finally {
      if (!handedOver) await files.close();
    }
  }

  private async sendFile(
    req: IncomingMessage,
    res: ServerResponse,
    handle: import('node:fs/promises').FileHandle,
    size: number,
    mtime: Date,
    name: string,
  ): Promise<void> {
    const etag = `"${size.toString(16)}-${Math.floor(mtime.getTime()).toString(16)}"`;
    const headers: Record<string, string | number> = {
      ...CORS_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': contentDisposition(name),
      'Accept-Ranges': 'bytes',
      'Last-Modified': mtime.toUTCString(),
      ETag: etag,
    };
    const range = ifRangeMatches(header(req, 'if-range'), etag, mtime)
      ? parseRange(header(req, 'range'), size)
      : undefined;
    if (range === 'unsatisfiable') {
      const error = ProxyErrors.rangeNotSatisfiable(size);
      const body = JSON.stringify({ type: error.problemType, title: error.message, status: error.status });
      res.writeHead(416, {
        ...CORS_HEADERS,
        'Content-Range': `bytes */${size}`,
        'Content-Type': 'application/problem+json',
      });
      res.end(body);
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    headers['Content-Length'] = Math.max(0, end - start + 1);
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    await sendFileRange(handle, res, start, end);
  }

  private async sendArchive(
    req: IncomingMessage,
    res: ServerResponse,
    files: FolderFiles,
    directory: OpenDirectory,
    claims: DownloadClaims,
    zipName: string,
  ): Promise<void> {
    res.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': 'application/zip',
      'Content-Disposition': contentDisposition(zipName),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // Loaded on the first zip download: archiver costs about 0.2 s at start-up.
    const { default: createArchive } = await import('archiver');
    const archive = createArchive('zip', { zlib: { level: 1 } });
    const sent = pipeline(archive, res).catch(() => undefined);
    try {
      await this.addTree(archive, files, directory, '');
      await archive.finalize();
    } catch (error) {
      this.log.warn('a zip download stopped early', {
        volume: claims.volume,
        vfid: claims.vfid,
        error: String(error),
      });
      archive.abort();
      res.destroy();
    }
    await sent;
  }

  /** Adds a directory's files one at a time (one open file at a time); symlinks are skipped. */
  private async addTree(
    archive: archiver.Archiver,
    files: FolderFiles,
    directory: OpenDirectory,
    prefix: string,
  ): Promise<void> {
    const names = await files.root.names(directory);
    if (names.length === 0 && prefix !== '') {
      archive.append(Buffer.alloc(0), { name: prefix });
      return;
    }
    for (const name of names.sort()) {
      if (directory.relpath === '.' && name === UPLOAD_DIR) continue;
      const stats = await files.root.lstat(directory, name);
      if (!stats) continue;
      const entry = `${prefix}${name}`;
      if (stats.isDirectory()) {
        const child = await files.root.openChildDirectory(directory, name, 'relpath');
        try {
          await this.addTree(archive, files, child, `${entry}/`);
        } finally {
          await child.close();
        }
      } else if (stats.isFile()) {
        const { handle, stats: fileStats } = await files.root.openFile(directory, name, 'relpath');
        await new Promise<void>((resolve, reject) => {
          const onEntry = () => {
            archive.off('error', onError);
            resolve();
          };
          const onError = (error: Error) => {
            archive.off('entry', onEntry);
            reject(error);
          };
          archive.once('entry', onEntry);
          archive.once('error', onError);
          archive.append(handle.createReadStream({ highWaterMark: READ_CHUNK }), {
            name: entry,
            date: fileStats.mtime,
            mode: fileStats.mode & 0o777,
          });
        });
      }
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `attachment` with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
