import {
  KERNEL_FILE_LIMITS,
  TesseraError,
  workRelativePath,
  type AgentBackend,
  type KernelFileArchive,
  type KernelFileListing,
  type KernelFileUpload,
  type KernelFileWrite,
} from '@tessera/core';
import { AgentErrors } from '../agent-errors';

/**
 * The agent's side of the session-file calls: checks what the manager checked (paths inside
 * /home/work, the per-call limits) before handing the kernel's backend anything, since the agent's
 * RPC port must not trust a caller to have done so, then lets the backend touch the files.
 */
export class KernelFiles {
  constructor(private readonly backend: AgentBackend) {}

  async upload(kernelId: string, files: KernelFileUpload[]): Promise<void> {
    const upload = this.backend.uploadFiles?.bind(this.backend);
    if (!upload) throw AgentErrors.notSupported(this.backend.name, 'uploading session files');
    if (!Array.isArray(files) || files.length > KERNEL_FILE_LIMITS.maxUploadFiles)
      throw invalid(`An upload carries 1 to ${KERNEL_FILE_LIMITS.maxUploadFiles} files`, { field: 'files' });
    let total = 0;
    const writes: KernelFileWrite[] = files.map((file) => {
      const path = filePath(file?.path);
      if (typeof file.content !== 'string')
        throw invalid('File contents must be base64 text', { path: file.path });
      const content = Buffer.from(file.content, 'base64');
      if (content.length > KERNEL_FILE_LIMITS.maxFileBytes)
        throw invalid(`The file "${file.path}" is larger than ${KERNEL_FILE_LIMITS.maxFileBytes} bytes`, {
          path: file.path,
          size: content.length,
        });
      total += content.length;
      return { path, content };
    });
    if (total > KERNEL_FILE_LIMITS.maxUploadBytesPerCall)
      throw invalid(`One upload call carries at most ${KERNEL_FILE_LIMITS.maxUploadBytesPerCall} bytes`, {
        size: total,
      });
    await upload(kernelId, writes);
  }

  async list(kernelId: string, path: string): Promise<KernelFileListing> {
    const list = this.backend.listFiles?.bind(this.backend);
    if (!list) throw AgentErrors.notSupported(this.backend.name, 'listing session files');
    const relative = typeof path === 'string' ? workRelativePath(path) : null;
    if (relative === null) throw outside(path);
    return list(kernelId, relative);
  }

  async download(kernelId: string, paths: string[]): Promise<KernelFileArchive> {
    const download = this.backend.downloadFiles?.bind(this.backend);
    if (!download) throw AgentErrors.notSupported(this.backend.name, 'downloading session files');
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > KERNEL_FILE_LIMITS.maxDownloadPaths)
      throw invalid(`A download names 1 to ${KERNEL_FILE_LIMITS.maxDownloadPaths} paths`, { field: 'files' });
    const archive = await download(
      kernelId,
      paths.map((path) => {
        const relative = typeof path === 'string' ? workRelativePath(path) : null;
        if (relative === null) throw outside(path);
        return relative;
      }),
    );
    if (archive.length > KERNEL_FILE_LIMITS.maxArchiveBytes)
      throw invalid(`The archive is larger than ${KERNEL_FILE_LIMITS.maxArchiveBytes} bytes`, { paths });
    return { archive: archive.toString('base64'), size: archive.length };
  }
}

function filePath(path: unknown): string {
  const relative = typeof path === 'string' ? workRelativePath(path) : null;
  if (relative === null) throw outside(path);
  if (relative === '') throw invalid('An uploaded file needs a file name under /home/work', { path });
  return relative;
}

function outside(path: unknown): TesseraError {
  return invalid(`The path ${JSON.stringify(path)} is not under /home/work`, { path });
}

function invalid(message: string, details: Record<string, unknown>): TesseraError {
  return TesseraError.badRequest('invalid-api-params', message, details);
}
