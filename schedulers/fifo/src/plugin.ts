import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { FifoScheduler } from './fifo-scheduler';

/** `@tessera/scheduler-fifo`: implements `fifo` in the scheduler registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    ctx.implement(new FifoScheduler({ numRetriesToSkip: ctx.config.numRetriesToSkip }));
  },
});
