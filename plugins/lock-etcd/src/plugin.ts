import { configType, definePlugin, LockService } from '@tessera/core';
import type { Config } from './config.generated';
import { EtcdLockService } from './etcd-lock-service';

export default definePlugin({
  config: configType<Config>(),
  async init(ctx) {
    const locks = new EtcdLockService({ ...ctx.config, owner: `${ctx.nodeId}/${process.pid}` }, ctx.log);
    await locks.connect();
    ctx.log.info('etcd lock service connected', {
      endpoints: ctx.config.endpoints,
      namespace: ctx.config.namespace,
    });
    ctx.provide(LockService, locks);
    return locks;
  },
  async stop(locks) {
    await locks.close();
  },
});
