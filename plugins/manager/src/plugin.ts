import {
  AgentRpcDirectory,
  AgentSelector,
  ConfigStore,
  Database,
  EventBus,
  Hook,
  LockService,
  Scheduler,
  definePlugin,
  type PluginContext,
} from '@tessera/core';
import type { Config } from './config.generated';
import { ManagerService } from './manager-service';

const services = new WeakMap<PluginContext<Config>, ManagerService>();

export default definePlugin<Config>({
  async init(ctx) {
    services.set(
      ctx,
      new ManagerService({
        config: ctx.config,
        db: ctx.resolve(Database),
        bus: ctx.resolve(EventBus),
        lock: ctx.resolve(LockService),
        schedulers: ctx.resolve(Scheduler),
        selectors: ctx.resolve(AgentSelector),
        agents: ctx.resolve(AgentRpcDirectory),
        configStore: ctx.resolveOptional(ConfigStore),
        hooks: ctx.resolveOptional(Hook),
        log: ctx.log,
        nodeId: ctx.nodeId,
        managerVersion: ctx.packageVersion,
      }),
    );
  },
  async start(ctx) {
    const manager = services.get(ctx)!;
    await manager.start();
    ctx.announceEndpoint('api', manager.url());
    ctx.reportHealth({ status: 'ok', detail: `REST API at ${manager.url()}` });
  },
  async stop(ctx) {
    await services.get(ctx)?.stop();
    services.delete(ctx);
  },
});
