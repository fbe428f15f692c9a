import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { XfsBackend } from './xfs-backend';

/** `@tessera/storage-backend-xfs`: implements `xfs` in the storage-backend registry. */
export default definePlugin({
  config: configType<Config>(),
  register(ctx) {
    ctx.implement(new XfsBackend(ctx.config));
  },
});
