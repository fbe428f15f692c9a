import { Database, type ListedKernel, type ListedSession } from '@tessera/core';
import { inject, injectable } from 'tsyringe';

/** A kernel with the session it belongs to, as the usage figures read them. */
export interface UsedKernel {
  kernel: ListedKernel;
  session: ListedSession;
}

/** What `kernelsUsedIn` keeps. */
export interface UsageFilter {
  /** Only kernels that have ended (the monthly stats); otherwise running ones count too. */
  endedOnly: boolean;
  /** Only sessions this returns true for (a project, a user). */
  session?: (session: ListedSession) => boolean;
}

const PAGE_SIZE = 200;

/**
 * Reads the kernels whose lifetime overlaps `[start, end)`: created before `end`, and ended at or
 * after `start` or still running. A kernel never placed on an agent (cancelled while pending) used
 * nothing and is left out. Sessions are read newest-ending first (running ones first), so the
 * walk stops at the first session that ended before `start`.
 */
@injectable()
export class KernelUsageReader {
  constructor(@inject(Database) private readonly db: Database) {}

  async kernelsUsedIn(start: Date, end: Date, filter: UsageFilter): Promise<UsedKernel[]> {
    const used: UsedKernel[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.db.sessions.list({
        orderBy: 'terminatedAt',
        ascending: false,
        limit: PAGE_SIZE,
        offset,
      });
      for (const session of page.items) {
        if (filter.session && !filter.session(session)) continue;
        for (const kernel of session.kernels) {
          if (overlaps(kernel, start, end, filter.endedOnly)) used.push({ kernel, session });
        }
      }
      const last = page.items[page.items.length - 1];
      if (page.items.length < PAGE_SIZE || !last || (last.terminatedAt && last.terminatedAt < start)) break;
    }
    return used;
  }
}

function overlaps(kernel: ListedKernel, start: Date, end: Date, endedOnly: boolean): boolean {
  if (kernel.agentId === null || kernel.status === 'CANCELLED') return false;
  if (kernel.createdAt >= end) return false;
  if (kernel.terminatedAt === null) return !endedOnly && kernel.status !== 'TERMINATED';
  return kernel.terminatedAt >= start;
}
