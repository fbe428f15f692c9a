import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from '@tessera/core';
import type { Config } from '../config.generated';
import { ALL_ENTITIES } from '../entities';
import { MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from '../schema/migrations-folder';
import { MigrationSchema } from '../schema/migration-schema';
import type { OrmTarget } from './orm-target';
import { redactStatement } from './redact-statement';

/** `postgresql://host:port/database`, for messages and logs (no user, no password). */
export function postgresqlWhere(config: Pick<Config, 'host' | 'port' | 'database'>): string {
  return `postgresql://${config.host}:${config.port}/${config.database}`;
}

export function postgresqlTarget(config: Config, log: Logger): OrmTarget {
  return {
    where: postgresqlWhere(config),
    schema: new MigrationSchema(config.pendingMigrations, postgresqlWhere(config)),
    options: {
      driver: PostgreSqlDriver,
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      dbName: config.database,
      pool: { min: 0, max: config.poolSize, acquireTimeoutMillis: config.connectTimeout },
      driverOptions: { connection: { connectionTimeoutMillis: config.connectTimeout } },
      // Tessera never creates the database itself: the operator (or halfstack) does.
      ensureDatabase: false,
      entities: ALL_ENTITIES,
      forceUtcTimezone: true,
      allowGlobalContext: false,
      debug: config.debug,
      logger: (message: string) => log.debug('orm', { message: redactStatement(message) }),
      discovery: { warnWhenNoEntities: false },
      extensions: [Migrator],
      migrations: {
        path: MIGRATIONS_FOLDER,
        glob: 'Migration*.js',
        tableName: MIGRATIONS_TABLE,
        transactional: true,
        allOrNothing: true,
        // The snapshot would be written into the installed package; diffs run against a database instead.
        snapshot: false,
        emit: 'js',
      },
    },
  };
}
