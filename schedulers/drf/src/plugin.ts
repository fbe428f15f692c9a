import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { DrfScheduler } from './drf-scheduler';

/** `@tessera/scheduler-drf`: implements `drf` in the scheduler registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    ctx.implement(new DrfScheduler({ keyBy: ctx.config.keyBy }));
  },
});
