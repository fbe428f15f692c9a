/**
 * The schema of the database, for operator commands (`tessera schema migrate`). Drivers that
 * keep the schema in step by themselves (SQLite) report nothing pending.
 */
export interface DatabaseSchema {
  /** Names of the migrations this version ships that the database has not applied, oldest first. */
  pending(): Promise<string[]>;
  /**
   * Applies the pending migrations in order, all or none, and returns their names. Idempotent:
   * with nothing pending it does nothing and returns an empty list.
   */
  migrate(): Promise<string[]>;
}
