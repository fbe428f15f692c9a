import { configType, definePlugin } from '@tessera/core';
import { BtrfsBackend } from './btrfs-backend';
import type { Config } from './config.generated';

/** `@tessera/storage-backend-btrfs`: implements `btrfs` in the storage-backend registry. */
export default definePlugin({
  config: configType<Config>(),
  register(ctx) {
    ctx.implement(new BtrfsBackend(ctx.config, ctx.log));
  },
});
