import { definePlugin, LockService, TesseraError, type PluginContext } from '@tessera/core';
import type { Config } from './config.generated';
import { EtcdLockService } from './etcd-lock-service';

/** One service per plugin instance (a process may boot several kernels, as tests do). */
const instances = new WeakMap<object, EtcdLockService>();

function instanceOf(ctx: PluginContext<Config>): EtcdLockService {
  const service = instances.get(ctx.container);
  if (!service) throw TesseraError.internal('the etcd lock plugin was initialised before it was registered');
  return service;
}

export default definePlugin<Config>({
  register(ctx) {
    const service = new EtcdLockService({ ...ctx.config, owner: `${ctx.nodeId}/${process.pid}` }, ctx.log);
    instances.set(ctx.container, service);
    ctx.provide(LockService, service);
  },
  async init(ctx) {
    await instanceOf(ctx).connect();
    ctx.log.info('etcd lock service connected', {
      endpoints: ctx.config.endpoints,
      namespace: ctx.config.namespace,
    });
  },
  async stop(ctx) {
    await instances.get(ctx.container)?.close();
  },
});
