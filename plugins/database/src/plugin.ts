import { Database, definePlugin, TesseraError, type PluginContext } from '@tessera/core';
import type { Config } from './config.generated';
import { OrmDatabase } from './orm-database';

/** One database per plugin instance (a process may boot several kernels, as tests do). */
const instances = new WeakMap<object, OrmDatabase>();

function instanceOf(ctx: PluginContext<Config>): OrmDatabase {
  const database = instances.get(ctx.container);
  if (!database) throw TesseraError.internal('the database plugin was initialised before it was registered');
  return database;
}

export default definePlugin<Config>({
  register(ctx) {
    const database = new OrmDatabase(ctx.log);
    instances.set(ctx.container, database);
    ctx.provide(Database, database);
  },
  async init(ctx) {
    await instanceOf(ctx).open(ctx.config, ctx.dataDir);
  },
  async stop(ctx) {
    await instances.get(ctx.container)?.close();
  },
});
