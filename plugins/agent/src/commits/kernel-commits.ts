import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AgentBackend,
  KernelCommitRequest,
  KernelCommitStarted,
  KernelCommitStatus,
  Logger,
} from '@tessera/core';
import { AgentErrors } from '../agent-errors';
import { commitPathSegment } from './commit-path';

/** How a backend names an archive while it is being written (`.<name>.partial`, renamed when whole). */
const PARTIAL = /^\..+\.partial$/;

/** A commit that has started: what the caller is told, and the work going on (it never rejects). */
export interface StartedCommit {
  started: KernelCommitStarted;
  work: Promise<void>;
}

/**
 * The agent's side of session commits (Backend.AI's commit and get_commit_status): checks what it
 * is asked, has the backend write the archive to `<commitDir>/<email>/<filename>` in the
 * background, and knows which kernels are being committed. One commit per kernel at a time: a
 * second is refused with `commit-in-progress` while the first runs. A failed commit is logged;
 * its kernel's status is `ready` again, as upstream's (which has no failed state either).
 */
export class KernelCommits {
  /** Commits under way, by kernel id. */
  private readonly ongoing = new Map<string, Promise<void>>();

  constructor(
    private readonly backend: AgentBackend,
    private readonly commitDir: string,
    private readonly log: Logger,
  ) {}

  /** Starts committing a kernel the caller knows to be running. */
  start(kernelId: string, request: KernelCommitRequest): StartedCommit {
    const commit = this.backend.commitKernel?.bind(this.backend);
    if (!commit) throw AgentErrors.commitNotSupported(this.backend.name);
    const fields = (typeof request === 'object' && request !== null ? request : {}) as Partial<
      Record<keyof KernelCommitRequest, unknown>
    >;
    const email = commitPathSegment(fields.email, 'email');
    const filename = commitPathSegment(fields.filename, 'filename');
    if (this.ongoing.has(kernelId)) throw AgentErrors.commitInProgress(kernelId);
    const folder = join(this.commitDir, email);
    const location = join(folder, filename);
    const work = this.run(kernelId, folder, location, commit).finally(() => this.ongoing.delete(kernelId));
    this.ongoing.set(kernelId, work);
    return { started: { kernelId, path: `${email}/${filename}`, location }, work };
  }

  /**
   * Removes the partial archives (`<commitDir>/<email>/.<name>.partial`) a previous agent process
   * left when it died mid-commit; called at start, before any commit of this process can run.
   * Finished archives are never touched. Answers the paths removed.
   */
  async removeLeftoverPartials(): Promise<string[]> {
    const removed: string[] = [];
    const folders = await readdir(this.commitDir, { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      },
    );
    for (const folder of folders) {
      if (!folder.isDirectory()) continue;
      const path = join(this.commitDir, folder.name);
      for (const entry of await readdir(path, { withFileTypes: true })) {
        if (!entry.isFile() || !PARTIAL.test(entry.name)) continue;
        await unlink(join(path, entry.name));
        removed.push(join(path, entry.name));
      }
    }
    if (removed.length > 0)
      this.log.info('partial commit archives of an earlier agent process removed', { removed });
    return removed;
  }

  status(kernelId: string): KernelCommitStatus {
    return this.ongoing.has(kernelId) ? 'ongoing' : 'ready';
  }

  private async run(
    kernelId: string,
    folder: string,
    location: string,
    commit: (kernelId: string, destination: string) => Promise<void>,
  ): Promise<void> {
    const log = this.log.child({ kernelId });
    const startedAt = Date.now();
    log.info('kernel commit started', { location });
    try {
      await mkdir(folder, { recursive: true });
      await commit(kernelId, location);
      const { size } = await stat(location);
      log.info('kernel committed', { location, size, durationMs: Date.now() - startedAt });
    } catch (error) {
      log.error('kernel commit failed', { location, error: (error as Error).message });
    }
  }
}
