import { ConfigStore, configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { EtcdConfigStore } from './etcd-config-store';
import { WatchHealth } from './watch-health';

export default definePlugin({
  config: configType<Config>(),
  async init(ctx) {
    const health = new WatchHealth(ctx.log, (report) => ctx.reportHealth(report));
    const store = new EtcdConfigStore(ctx.config, ctx.log, health);
    await store.connect();
    ctx.log.info('config store connected to etcd', {
      endpoints: ctx.config.endpoints,
      namespace: ctx.config.namespace,
    });
    ctx.provide(ConfigStore, store);
    return store;
  },
  async stop(store) {
    await store.close();
  },
});
