import { definePlugin, LockService } from '@tessera/core';
import type { Config } from './config.generated';
import { InProcessLockService } from './in-process-lock-service';

export { InProcessLockService } from './in-process-lock-service';

export default definePlugin<Config>({
  register(ctx) {
    ctx.provide(LockService, new InProcessLockService());
  },
});
