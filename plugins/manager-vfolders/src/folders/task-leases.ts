import type { Database, LockHandle, LockService, Logger, VfolderStatusCode } from '@tessera/core';
import type { LeaderTimerContribution } from '@tessera/manager';

/** Statuses a folder only has while a background task works on it. */
const TASK_STATUSES: ReadonlyArray<VfolderStatusCode> = ['cloning', 'delete-ongoing'];
/** Where an orphaned task leaves its folder: as if the task had failed. */
const ORPHANED: Partial<Record<VfolderStatusCode, VfolderStatusCode>> = {
  cloning: 'error',
  'delete-ongoing': 'delete-error',
};
const LEASE_TTL_MS = 30_000;

function leaseName(folderId: string): string {
  return `vfolder-task/${folderId}`;
}

/**
 * The lease a background task holds on its folder while it runs (the lock service keeps it alive
 * while the manager process lives); null without a lock service (one manager, nothing to share).
 */
export function leaseFolderTask(locks: LockService | null, folderId: string): Promise<LockHandle | null> {
  if (!locks) return Promise.resolve(null);
  return locks.acquire(leaseName(folderId), { timeoutMs: 10_000, ttlMs: LEASE_TTL_MS });
}

/**
 * A leader timer that finds folders left `cloning` or `delete-ongoing` by a manager that died
 * mid-task (no one holds their lease) and fails them as the task would have (`error`,
 * `delete-error`), so the owner can delete or retry them instead of waiting forever. A folder is
 * failed only when found without a holder on two runs in a row: a task that just set the status
 * takes its lease within that time.
 */
export class OrphanedFolderTasks implements LeaderTimerContribution {
  readonly name = 'vfolder-orphaned-tasks';
  private suspects = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly locks: LockService | null,
    private readonly log: Logger,
    readonly intervalMs = 30_000,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    if (!this.locks) return;
    const stuck = await this.db.vfolders.list({ statuses: TASK_STATUSES });
    const unheld = new Set<string>();
    for (const folder of stuck) {
      if (signal.aborted) return;
      const lease = await this.locks.tryAcquire(leaseName(folder.id), { ttlMs: LEASE_TTL_MS });
      if (!lease) continue;
      try {
        if (!this.suspects.has(folder.id)) {
          unheld.add(folder.id);
          continue;
        }
        const next = ORPHANED[folder.status]!;
        if (await this.db.vfolders.transition(folder.id, [folder.status], next))
          this.log.warn('vfolder task orphaned by a manager that stopped; the folder is failed', {
            vfolder: folder.id,
            was: folder.status,
            now: next,
          });
      } finally {
        await lease.release();
      }
    }
    this.suspects = unheld;
  }
}
