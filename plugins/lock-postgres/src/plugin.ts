import { configType, definePlugin, LockService } from '@tessera/core';
import type { Config } from './config.generated';
import { PostgresLockService } from './postgres-lock-service';

export default definePlugin({
  config: configType<Config>(),
  async init(ctx) {
    const locks = new PostgresLockService(ctx.config, ctx.log);
    await locks.connect();
    ctx.log.info('PostgreSQL lock service connected', {
      host: ctx.config.host,
      port: ctx.config.port,
      database: ctx.config.database,
      namespace: ctx.config.namespace,
    });
    ctx.provide(LockService, locks);
    return locks;
  },
  async stop(locks) {
    await locks.close();
  },
});
