import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { LegacySelector } from './legacy-selector';

/** `@tessera/agent-selector-legacy`: implements `legacy` in the agent-selector registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    ctx.implement(new LegacySelector({ slotPriority: ctx.config.slotPriority }));
  },
});
