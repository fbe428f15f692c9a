import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { LifoScheduler } from './lifo-scheduler';

export default definePlugin<Config>({
  register(ctx) {
    ctx.implement(new LifoScheduler());
  },
});
