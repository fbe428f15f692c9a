import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { LegacySelector } from './legacy-selector';

export default definePlugin<Config>({
  register(ctx) {
    ctx.implement(new LegacySelector({ slotPriority: ctx.config.slotPriority }));
  },
});
