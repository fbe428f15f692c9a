import { configType, definePlugin, LockService } from '@tessera/core';
import type { Config } from './config.generated';
import { InProcessLockService } from './in-process-lock-service';

export { InProcessLockService } from './in-process-lock-service';

export default definePlugin({
  config: configType<Config>(),
  register(ctx) {
    ctx.provide(LockService, new InProcessLockService());
  },
});
