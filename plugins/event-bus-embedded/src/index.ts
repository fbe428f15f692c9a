import { configType, definePlugin, EventBus } from '@tessera/core';
import type { Config } from './config.generated';
import { EmbeddedEventBus } from './embedded-event-bus';

export { EmbeddedEventBus } from './embedded-event-bus';

export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    const bus = new EmbeddedEventBus(
      { maxRetries: ctx.config.maxRetries, retryDelayMs: ctx.config.retryDelayMs },
      ctx.log,
    );
    ctx.provide(EventBus, bus);
    return bus;
  },
  async stop(bus) {
    await bus.close();
  },
});
