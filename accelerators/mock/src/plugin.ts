import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { MockAccelerator } from './mock-accelerator';

/** `@tessera/accelerator-mock`: registers one MockAccelerator in the agent's accelerator registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    const accelerator = new MockAccelerator(ctx.config, ctx.packageVersion, ctx.log);
    ctx.implement(accelerator);
    ctx.log.info('mock accelerator registered', {
      key: accelerator.key,
      slotTypes: accelerator.slotTypes,
      allocationMode: ctx.config.allocationMode,
    });
  },
});
