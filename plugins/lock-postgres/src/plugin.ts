import { definePlugin, LockService, TesseraError, type PluginContext } from '@tessera/core';
import type { Config } from './config.generated';
import { PostgresLockService } from './postgres-lock-service';

/** One service per plugin instance (a process may boot several kernels, as tests do). */
const instances = new WeakMap<object, PostgresLockService>();

function instanceOf(ctx: PluginContext<Config>): PostgresLockService {
  const service = instances.get(ctx.container);
  if (!service)
    throw TesseraError.internal('the PostgreSQL lock plugin was initialised before it was registered');
  return service;
}

export default definePlugin<Config>({
  register(ctx) {
    const service = new PostgresLockService(ctx.config, ctx.log);
    instances.set(ctx.container, service);
    ctx.provide(LockService, service);
  },
  async init(ctx) {
    await instanceOf(ctx).connect();
    ctx.log.info('PostgreSQL lock service connected', {
      host: ctx.config.host,
      port: ctx.config.port,
      database: ctx.config.database,
      namespace: ctx.config.namespace,
    });
  },
  async stop(ctx) {
    await instances.get(ctx.container)?.close();
  },
});
