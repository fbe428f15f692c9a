import { definePlugin, EventBus } from '@tessera/core';
import { resolveBusOptions } from './bus-options';
import type { Config } from './config.generated';
import { RedisEventBus } from './redis-event-bus';

export { RedisEventBus } from './redis-event-bus';
export { resolveBusOptions, type RedisBusOptions } from './bus-options';

const buses = new WeakMap<object, RedisEventBus>();

export default definePlugin<Config>({
  register(ctx) {
    const bus = new RedisEventBus(resolveBusOptions(ctx.config, ctx.nodeId), ctx.log, (report) =>
      ctx.reportHealth(report),
    );
    buses.set(ctx, bus);
    ctx.provide(EventBus, bus);
  },
  async init(ctx) {
    const bus = buses.get(ctx)!;
    await bus.connect();
    // The kernel is stopping: take no new events; publishing works until `stop` closes the bus.
    ctx.signal.addEventListener(
      'abort',
      () =>
        void bus
          .stopConsuming()
          .catch((error: unknown) =>
            ctx.log.warn('event consumers did not stop cleanly', { error: String(error) }),
          ),
      { once: true },
    );
  },
  async stop(ctx) {
    await buses.get(ctx)?.close();
  },
});
