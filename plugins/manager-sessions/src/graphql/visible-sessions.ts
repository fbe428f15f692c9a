import DataLoader from 'dataloader';
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
  /** Batching loaders, one per caller record (a request's caller; see `manyBatched`). */
  private readonly loaders = new WeakMap<object, DataLoader<string, ListedSession | null>>();

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

  /**
   * `many`, batched per viewer: the calls made while a GraphQL answer is being built (the
   * `dependencies` of every session of a page) become one read, so a page costs the same number
   * of statements however many of its sessions wait for others.
   */
  async manyBatched(viewer: SessionViewer, ids: readonly string[]): Promise<ListedSession[]> {
    let loader = this.loaders.get(viewer.caller);
    if (!loader) {
      loader = new DataLoader<string, ListedSession | null>(
        async (batch) => {
          const found = new Map((await this.many(viewer, batch)).map((session) => [session.id, session]));
          return batch.map((id) => found.get(id) ?? null);
        },
        // Answers are for this batch only (the next read goes to the database again); a batch
        // stays within what one listing statement is given.
        { cache: false, maxBatchSize: 1000 },
      );
      this.loaders.set(viewer.caller, loader);
    }
    const found = await loader.loadMany(ids);
    // A failed read answers an Error per id: the whole answer fails, rather than leave them out.
    const failed = found.find((session) => session instanceof Error);
    if (failed) throw failed;
    return found.filter((session): session is ListedSession => session !== null).sort(oldestFirst);
  }

  /** A page of the sessions the viewer asked for; asking beyond the viewer's scope is `forbidden`. */
  page(viewer: SessionViewer, asked: AskedScope, options: ListingOptions): Promise<SessionPage> {
    return this.db.sessions.list({ ...options, ...scopeSessions(viewer.caller, viewer.access, asked) });
  }
}

/** By creation time, then id: the order `many` answers in. */
function oldestFirst(a: ListedSession, b: ListedSession): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
