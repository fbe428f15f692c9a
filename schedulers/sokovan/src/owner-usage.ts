import { ResourceSlot, type SessionRecord } from '@tessera/core';

/** The four levels whose resource limits the predicates check. */
export type UsageLevel = 'keypair' | 'user' | 'project' | 'domain';

/** The key of a session's owner at a level (`<domain>/<project>` for projects). */
export function ownerKey(session: SessionRecord, level: UsageLevel): string {
  switch (level) {
    case 'keypair':
      return session.accessKey;
    case 'user':
      return session.userId;
    case 'project':
      return `${session.domainName}/${session.groupName}`;
    case 'domain':
      return session.domainName;
  }
}

const LEVELS: readonly UsageLevel[] = ['keypair', 'user', 'project', 'domain'];

/** System sessions (sftp) are private: they count against their own concurrency limit. */
export function isPrivateSession(session: SessionRecord): boolean {
  return session.type === 'system';
}

/** What a session holds: its occupying slots once allocated, else what it asked for. */
export function heldSlots(session: SessionRecord): ResourceSlot {
  const occupying = ResourceSlot.fromJSON(session.occupyingSlots);
  return occupying.isZero() ? ResourceSlot.fromJSON(session.requestedSlots) : occupying;
}

/**
 * What each owner holds (slots per level, running sessions per keypair) and has pending, as one
 * pass sees it: built from the sessions holding resources and the pending queue, and updated as
 * the pass places sessions, so a keypair cannot exceed its limits within one pass either.
 */
export class OwnerUsage {
  private readonly occupancy = new Map<string, ResourceSlot>();
  private readonly sessions = new Map<string, number>();
  /** Pending sessions per access key, oldest first; placed and cancelled ones leave. */
  private readonly queues = new Map<string, SessionRecord[]>();
  private readonly gone = new Set<string>();

  constructor(existing: readonly SessionRecord[], pending: readonly SessionRecord[]) {
    for (const session of existing) this.hold(session, heldSlots(session));
    for (const session of pending) {
      const queue = this.queues.get(session.accessKey) ?? [];
      queue.push(session);
      this.queues.set(session.accessKey, queue);
    }
  }

  occupancyOf(level: UsageLevel, key: string): ResourceSlot {
    return this.occupancy.get(`${level}:${key}`) ?? new ResourceSlot();
  }

  /** Sessions of the keypair holding resources, private (sftp) ones counted apart. */
  concurrentOf(accessKey: string, privateSessions: boolean): number {
    return this.sessions.get(`${privateSessions ? 'private' : 'regular'}:${accessKey}`) ?? 0;
  }

  /** The keypair's sessions still pending that came before `session` in the queue. */
  pendingBefore(session: SessionRecord): SessionRecord[] {
    const ahead: SessionRecord[] = [];
    for (const other of this.queues.get(session.accessKey) ?? []) {
      if (other.id === session.id) break;
      if (!this.gone.has(other.id)) ahead.push(other);
    }
    return ahead;
  }

  /** The session was placed: it now holds its request and left the queue. */
  place(session: SessionRecord): void {
    this.gone.add(session.id);
    this.hold(session, ResourceSlot.fromJSON(session.requestedSlots));
  }

  /** The session left the queue without being placed (cancelled). */
  withdraw(session: SessionRecord): void {
    this.gone.add(session.id);
  }

  private hold(session: SessionRecord, slots: ResourceSlot): void {
    for (const level of LEVELS) {
      const key = `${level}:${ownerKey(session, level)}`;
      this.occupancy.set(key, (this.occupancy.get(key) ?? new ResourceSlot()).add(slots));
    }
    const counter = `${isPrivateSession(session) ? 'private' : 'regular'}:${session.accessKey}`;
    this.sessions.set(counter, (this.sessions.get(counter) ?? 0) + 1);
  }
}
