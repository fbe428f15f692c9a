import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { ConcentratedSelector } from './concentrated-selector';

/** `@tessera/agent-selector-concentrated`: implements `concentrated` in the agent-selector registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    ctx.implement(new ConcentratedSelector({ slotPriority: ctx.config.slotPriority }));
  },
});
