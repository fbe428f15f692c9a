import type { Logger } from '@tessera/core';
import type { Config } from '../config.generated';
import type { OrmTarget } from './orm-target';
import { postgresqlTarget } from './postgresql-options';
import { sqliteTarget } from './sqlite-options';

/** The MikroORM options, place name and schema keeper for the configured driver. */
export function ormTarget(config: Config, dataDir: string, log: Logger): OrmTarget {
  return config.driver === 'postgresql' ? postgresqlTarget(config, log) : sqliteTarget(config, dataDir, log);
}
