import { inject, injectable } from 'tsyringe';
import { Database, type ListedSession, type SessionListQuery, type SessionPage } from '@tessera/core';
import type { GraphQLContext } from '@tessera/manager';
import { scopeSessions, type AskedScope } from './session-access';

/** Who reads: the caller and the permission table that decides what it may see. */
export type SessionViewer = Pick<GraphQLContext, 'caller' | 'access'>;

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

  async byId(viewer: SessionViewer, id: string): Promise<ListedSession | null> {
    const page = await this.db.sessions.list({
      ...scopeSessions(viewer.caller, viewer.access),
      ids: [id],
      limit: 1,
      offset: 0,
    });
    return page.items[0] ?? null;
  }

  async byKernel(viewer: SessionViewer, kernelId: string): Promise<ListedSession | null> {
    const page = await this.db.sessions.list({
      ...scopeSessions(viewer.caller, viewer.access),
      kernelId,
      limit: 1,
      offset: 0,
    });
    return page.items[0] ?? null;
  }

  /** The visible ones among these sessions, oldest first. */
  async many(viewer: SessionViewer, ids: readonly string[]): Promise<ListedSession[]> {
    if (ids.length === 0) return [];
    const page = await this.db.sessions.list({
      ...scopeSessions(viewer.caller, viewer.access),
      ids,
      orderBy: 'createdAt',
      ascending: true,
      limit: ids.length,
      offset: 0,
    });
    return page.items;
  }

  /** A page of the sessions the viewer asked for; asking beyond the viewer's scope is `forbidden`. */
  page(viewer: SessionViewer, asked: AskedScope, options: ListingOptions): Promise<SessionPage> {
    return this.db.sessions.list({ ...options, ...scopeSessions(viewer.caller, viewer.access, asked) });
  }
}
