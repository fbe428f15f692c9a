import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { DrfScheduler } from './drf-scheduler';

export default definePlugin<Config>({
  register(ctx) {
    ctx.implement(new DrfScheduler({ keyBy: ctx.config.keyBy }));
  },
});
