import type { Database, SessionRecord, SessionResult } from '@tessera/core';

/** What the session streams need of a session: who may see it and what its events say. */
export interface SessionSnapshot {
  id: string;
  name: string;
  accessKey: string;
  userId: string;
  domainName: string;
  /** The project (Backend.AI's group) name. */
  groupName: string;
  result: SessionResult;
  kernels: ReadonlyArray<{ id: string; clusterRole: string; clusterIdx: number }>;
}

export function snapshotOf(session: SessionRecord): SessionSnapshot {
  return {
    id: session.id,
    name: session.name,
    accessKey: session.accessKey,
    userId: session.userId,
    domainName: session.domainName,
    groupName: session.groupName,
    result: session.result,
    kernels: session.kernels.map((kernel) => ({
      id: kernel.id,
      clusterRole: kernel.clusterRole,
      clusterIdx: kernel.clusterIdx,
    })),
  };
}

export interface SessionSnapshotOptions {
  capacity: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * Sessions read once and shared by every stream of this manager: the bus's events carry only ids,
 * and a session's owner, domain and project never change, so one read serves all of its events.
 * Bounded (least recently used goes first) and trusted for `ttlMs` (a rename shows after that).
 * Concurrent lookups of one session share one read.
 */
export class SessionSnapshots {
  private readonly entries = new Map<string, { at: number; snapshot: Promise<SessionSnapshot | null> }>();
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly options: SessionSnapshotOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The session, from the cache unless `fresh` (its result changes when it ends) or it lacks
   * `kernelId` (a kernel added since it was read). Null when the session does not exist.
   */
  async get(sessionId: string, { fresh = false, kernelId }: { fresh?: boolean; kernelId?: string } = {}) {
    const cached = this.entries.get(sessionId);
    if (cached && !fresh && this.now() - cached.at < this.options.ttlMs) {
      const snapshot = await cached.snapshot;
      if (snapshot && (!kernelId || snapshot.kernels.some((kernel) => kernel.id === kernelId))) {
        this.touch(sessionId, cached);
        return snapshot;
      }
    }
    return this.read(sessionId);
  }

  /** Forgets a session (it ended: later events about it are rare). */
  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  get size(): number {
    return this.entries.size;
  }

  private read(sessionId: string): Promise<SessionSnapshot | null> {
    const snapshot = this.db.sessions
      .get(sessionId)
      .then((session) => (session ? snapshotOf(session) : null));
    const entry = { at: this.now(), snapshot };
    this.touch(sessionId, entry);
    // A failed or empty read is not cached: the next event tries again.
    snapshot.then(
      (found) => {
        if (!found && this.entries.get(sessionId) === entry) this.entries.delete(sessionId);
      },
      () => {
        if (this.entries.get(sessionId) === entry) this.entries.delete(sessionId);
      },
    );
    return snapshot;
  }

  private touch(sessionId: string, entry: { at: number; snapshot: Promise<SessionSnapshot | null> }): void {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    while (this.entries.size > this.options.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
