import { definePlugin, EventBus } from '@tessera/core';
import type { Config } from './config.generated';
import { EmbeddedEventBus } from './embedded-event-bus';

export { EmbeddedEventBus } from './embedded-event-bus';

const buses = new WeakMap<object, EmbeddedEventBus>();

export default definePlugin<Config>({
  register(ctx) {
    const bus = new EmbeddedEventBus(
      { maxRetries: ctx.config.maxRetries ?? 3, retryDelayMs: ctx.config.retryDelayMs ?? 200 },
      ctx.log,
    );
    buses.set(ctx, bus);
    ctx.provide(EventBus, bus);
  },
  async stop(ctx) {
    await buses.get(ctx)?.close();
  },
});
