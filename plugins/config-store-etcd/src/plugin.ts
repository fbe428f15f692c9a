import { ConfigStore, definePlugin, type PluginContext } from '@tessera/core';
import type { Config } from './config.generated';
import { EtcdConfigStore } from './etcd-config-store';
import type { EtcdConnectionSettings } from './etcd-connection-options';
import { WatchHealth } from './watch-health';

const stores = new WeakMap<object, EtcdConfigStore>();

/** The plugin's config with the schema defaults the kernel already applied, made explicit. */
export function connectionSettings(config: Config): EtcdConnectionSettings {
  return {
    endpoints: config.endpoints ?? ['http://127.0.0.1:2379'],
    namespace: config.namespace ?? 'local',
    user: config.user,
    password: config.password,
    requestTimeoutMs: config.requestTimeoutMs ?? 5000,
  };
}

function storeOf(ctx: PluginContext<Config>): EtcdConfigStore {
  return stores.get(ctx)!;
}

export default definePlugin<Config>({
  register(ctx) {
    const health = new WatchHealth(ctx.log, (report) => ctx.reportHealth(report));
    const store = new EtcdConfigStore(connectionSettings(ctx.config), ctx.log, health);
    stores.set(ctx, store);
    ctx.provide(ConfigStore, store);
  },
  async init(ctx) {
    await storeOf(ctx).connect();
    ctx.log.info('config store connected to etcd', {
      endpoints: ctx.config.endpoints,
      namespace: ctx.config.namespace,
    });
  },
  async stop(ctx) {
    await storeOf(ctx).close();
  },
});
