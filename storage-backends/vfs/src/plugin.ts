import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { VfsBackend } from './vfs-backend';

/** `@tessera/storage-backend-vfs`: implements `vfs` in the storage-backend registry. */
export default definePlugin({
  config: configType<Config>(),
  register(ctx) {
    ctx.implement(new VfsBackend(ctx.config, ctx.log));
  },
});
