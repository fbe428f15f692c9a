import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { EntityMetadata, Platform } from '@mikro-orm/core';
import type { Logger } from '@tessera/core';
import type { Config } from '../config.generated';
import { IN_MEMORY, sqliteFilePath } from '../config/database-location';
import { ALL_ENTITIES } from '../entities';
import { SqliteSchema } from '../schema/sqlite-schema';
import type { OrmTarget } from './orm-target';
import { openSqliteReader } from './sqlite-reader';
import { redactStatement } from './redact-statement';

/**
 * Enumerated columns stay plain text on SQLite: MikroORM 6.6 reads back `CHECK (x IN (...))`
 * lists of three or more values wrongly, so every start would rebuild those tables. PostgreSQL
 * keeps the constraints.
 */
function withoutEnumChecks(meta: EntityMetadata, _platform: Platform): void {
  for (const property of Object.values(meta.properties)) {
    if (!property.enum) continue;
    property.enum = false;
    property.items = undefined;
    property.type = 'string';
  }
}

/**
 * SQLite's write-ahead log instead of its rollback journal: a read no longer takes and drops the
 * file's shared lock around every statement (about 10 µs less per statement here, which is most
 * of a small read), a commit appends to the log instead of rewriting pages twice, and readers in
 * other processes (a `tessera` command beside the all-in-one) do not block on a writer. The mode
 * is kept in the file; the log (`-wal`, `-shm` beside it) is folded back into it when the last
 * connection closes, and replayed after a crash.
 */
function useWriteAheadLog(
  connection: { pragma(source: string): unknown },
  done: (error: Error | null, connection: unknown) => void,
): void {
  try {
    connection.pragma('journal_mode = WAL');
    done(null, connection);
  } catch (error) {
    done(error as Error, connection);
  }
}

export function sqliteTarget(config: Config, dataDir: string, log: Logger): OrmTarget {
  const path = sqliteFilePath(config, dataDir);
  return {
    where: path,
    schema: new SqliteSchema(path),
    openReader: path === IN_MEMORY ? undefined : () => openSqliteReader(path),
    options: {
      driver: BetterSqliteDriver,
      dbName: path,
      entities: ALL_ENTITIES,
      forceUtcTimezone: true,
      allowGlobalContext: false,
      debug: config.debug,
      logger: (message: string) => log.debug('orm', { message: redactStatement(message) }),
      discovery: { warnWhenNoEntities: false, onMetadata: withoutEnumChecks },
      pool: { afterCreate: useWriteAheadLog },
    },
  };
}
