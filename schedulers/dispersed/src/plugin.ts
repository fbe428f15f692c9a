import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { DispersedSelector } from './dispersed-selector';

/** `@tessera/agent-selector-dispersed`: implements `dispersed` in the agent-selector registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    ctx.implement(new DispersedSelector({ slotPriority: ctx.config.slotPriority }));
  },
});
