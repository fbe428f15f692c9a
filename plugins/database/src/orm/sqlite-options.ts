import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { EntityMetadata, Platform } from '@mikro-orm/core';
import type { Logger } from '@tessera/core';
import type { Config } from '../config.generated';
import { sqliteFilePath } from '../config/database-location';
import { ALL_ENTITIES } from '../entities';
import { SqliteSchema } from '../schema/sqlite-schema';
import type { OrmTarget } from './orm-target';
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

export function sqliteTarget(config: Config, dataDir: string, log: Logger): OrmTarget {
  const path = sqliteFilePath(config, dataDir);
  return {
    where: path,
    schema: new SqliteSchema(path),
    options: {
      driver: BetterSqliteDriver,
      dbName: path,
      entities: ALL_ENTITIES,
      forceUtcTimezone: true,
      allowGlobalContext: false,
      debug: config.debug,
      logger: (message: string) => log.debug('orm', { message: redactStatement(message) }),
      discovery: { warnWhenNoEntities: false, onMetadata: withoutEnumChecks },
    },
  };
}
