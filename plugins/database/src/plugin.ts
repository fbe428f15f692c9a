import { configType, Database, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { OrmDatabase } from './orm-database';

export default definePlugin({
  config: configType<Config>(),
  async init(ctx) {
    const database = new OrmDatabase(ctx.log);
    try {
      await database.open(ctx.config, ctx.dataDir);
    } catch (error) {
      // A failed init gets no stop: release a connection that opened before the failure (fixtures).
      await database.close().catch(() => undefined);
      throw error;
    }
    ctx.provide(Database, database);
    return database;
  },
  async stop(database) {
    await database.close();
  },
});
