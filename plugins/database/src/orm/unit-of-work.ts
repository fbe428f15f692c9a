import { ConnectionException, type EntityManager } from '@mikro-orm/core';
import { DatabaseErrors } from './database-errors';
import type { SqliteConnection } from '../repositories/sqlite-statement';
import type { OrmConnection } from './orm-connection';

/**
 * Runs repository work in its own EntityManager fork, so no two calls share an identity map,
 * and turns lost connections into `database-unavailable`. Every repository method goes
 * through `read` (no transaction needed), `statements` (raw SQL only) or `transaction` (one
 * atomic unit); other calls that reach the server (schema commands) go through `guard`.
 */
export class UnitOfWork {
  constructor(private readonly connection: OrmConnection) {}

  async read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.connection.fork();
    return this.guard(() => work(em));
  }

  /**
   * Raw read statements (no entities loaded, so no identity map and no fork): the hot reads that
   * run their own SQL.
   */
  async statements<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.guard(() => work(this.connection.root()));
  }

  /**
   * The SQLite file's reader connection, for raw reads run at once and synchronously inside
   * `statements`; null when there is none (PostgreSQL, an in-memory database): read on the pool.
   */
  sqliteReader(): SqliteConnection | null {
    return this.connection.reader();
  }

  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.connection.fork();
    return this.guard(() => em.transactional((tx) => work(tx)));
  }

  async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConnectionException)
        throw DatabaseErrors.unavailable(this.connection.location, error);
      throw error;
    }
  }
}
