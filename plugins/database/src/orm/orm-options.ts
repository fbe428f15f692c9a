import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { Options } from '@mikro-orm/core';
import type { Logger } from '@tessera/core';
import type { Config } from '../config.generated';
import { sqliteFilePath } from '../config/database-location';
import { ALL_ENTITIES } from '../entities';

/** What `open` needs: the MikroORM options, and a human name of the place for error messages. */
export interface OrmTarget {
  options: Options;
  where: string;
}

/**
 * Builds the MikroORM options for the configured driver. A PostgreSQL branch slots in here
 * (`@mikro-orm/postgresql`, host/port/database/user/password from config) without touching
 * the entities or repositories.
 */
export function ormTarget(config: Config, dataDir: string, log: Logger): OrmTarget {
  const path = sqliteFilePath(config, dataDir);
  return {
    where: path,
    options: {
      driver: BetterSqliteDriver,
      dbName: path,
      entities: ALL_ENTITIES,
      forceUtcTimezone: true,
      allowGlobalContext: false,
      debug: config.debug,
      logger: (message: string) => log.debug('orm', { message }),
      discovery: { warnWhenNoEntities: false },
    },
  };
}
