import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { ConcentratedSelector } from './concentrated-selector';

export default definePlugin<Config>({
  register(ctx) {
    ctx.implement(new ConcentratedSelector({ slotPriority: ctx.config.slotPriority }));
  },
});
