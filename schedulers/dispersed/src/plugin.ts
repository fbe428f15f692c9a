import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { DispersedSelector } from './dispersed-selector';

export default definePlugin<Config>({
  register(ctx) {
    ctx.implement(new DispersedSelector({ slotPriority: ctx.config.slotPriority }));
  },
});
