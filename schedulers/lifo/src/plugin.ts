import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { LifoScheduler } from './lifo-scheduler';

/** `@tessera/scheduler-lifo`: implements `lifo` in the scheduler registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    ctx.implement(new LifoScheduler());
  },
});
