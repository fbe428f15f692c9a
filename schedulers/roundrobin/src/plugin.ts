import { ConfigStore, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { ConfigStoreCursorStore } from './config-store-cursor-store';
import { MemoryCursorStore } from './memory-cursor-store';
import type { CursorStore } from './round-robin-cursor';
import { RoundRobinSelector } from './round-robin-selector';

export default definePlugin<Config>({
  register(ctx) {
    let cursors: CursorStore | undefined;
    // Bound on first use (a scheduling pass, after start), when the config store is up.
    const bind = (): CursorStore => {
      if (cursors) return cursors;
      const store = ctx.resolveOptional(ConfigStore);
      cursors = store
        ? new ConfigStoreCursorStore(store, ctx.config.cursorPrefix, ctx.log)
        : new MemoryCursorStore();
      return cursors;
    };
    ctx.implement(new RoundRobinSelector(bind));
  },
  async init(ctx) {
    const persisted = ctx.resolveOptional(ConfigStore) !== undefined;
    ctx.log.info('round-robin cursors', {
      storage: persisted ? 'config-store' : 'memory',
      prefix: persisted ? ctx.config.cursorPrefix : undefined,
    });
  },
});
