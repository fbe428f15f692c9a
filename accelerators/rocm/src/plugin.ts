import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { RocmAccelerator } from './rocm-accelerator';

/** `@tessera/accelerator-rocm`: finds the host's AMD GPUs in `init` and registers one RocmAccelerator. */
export default definePlugin({
  config: configType<Config>(),
  async init(ctx) {
    const accelerator = await RocmAccelerator.discover({
      config: ctx.config,
      packageVersion: ctx.packageVersion,
      log: ctx.log,
    });
    ctx.implement(accelerator);
  },
});
