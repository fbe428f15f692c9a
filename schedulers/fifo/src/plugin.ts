import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { FifoScheduler } from './fifo-scheduler';

export default definePlugin<Config>({
  register(ctx) {
    ctx.implement(new FifoScheduler({ numRetriesToSkip: ctx.config.numRetriesToSkip }));
  },
});
