import { inject, injectable } from 'tsyringe';
import {
  Database,
  type KeypairRecord,
  type ListedSession,
  type SessionListQuery,
  type SessionPage,
} from '@tessera/core';
import { scopeSessions, type AskedScope } from './session-access';

/** Sorting, paging and status filters of a listing (the owner filters go through the scope). */
export type ListingOptions = Omit<
  SessionListQuery,
  'accessKey' | 'domainName' | 'groupId' | 'ids' | 'kernelId'
>;

/**
 * Reads sessions through the viewer's scope (session-access.ts), so every lookup (by id, by
 * kernel, a page, a session's dependencies) answers only what the viewer may see: a session
 * outside the scope is simply not found.
 */
@injectable()
export class VisibleSessions {
  constructor(@inject(Database) private readonly db: Database) {}

  async byId(viewer: KeypairRecord, id: string): Promise<ListedSession | null> {
    const page = await this.db.sessions.list({ ...scopeSessions(viewer), ids: [id], limit: 1, offset: 0 });
    return page.items[0] ?? null;
  }

  async byKernel(viewer: KeypairRecord, kernelId: string): Promise<ListedSession | null> {
    const page = await this.db.sessions.list({ ...scopeSessions(viewer), kernelId, limit: 1, offset: 0 });
    return page.items[0] ?? null;
  }

  /** The visible ones among these sessions, oldest first. */
  async many(viewer: KeypairRecord, ids: readonly string[]): Promise<ListedSession[]> {
    if (ids.length === 0) return [];
    const page = await this.db.sessions.list({
      ...scopeSessions(viewer),
      ids,
      orderBy: 'createdAt',
      ascending: true,
      limit: ids.length,
      offset: 0,
    });
    return page.items;
  }

  /** A page of the sessions the viewer asked for; asking beyond the viewer's scope is `forbidden`. */
  page(viewer: KeypairRecord, asked: AskedScope, options: ListingOptions): Promise<SessionPage> {
    return this.db.sessions.list({ ...options, ...scopeSessions(viewer, asked) });
  }
}
