import { ConfigStore, configType, definePlugin, optional } from '@tessera/core';
import type { Config } from './config.generated';
import { ConfigStoreCursorStore } from './config-store-cursor-store';
import { MemoryCursorStore } from './memory-cursor-store';
import type { CursorStore } from './round-robin-cursor';
import { RoundRobinSelector } from './round-robin-selector';

/**
 * `@tessera/agent-selector-roundrobin`: implements `roundrobin` in the agent-selector registry, with
 * its cursors in the config store when the deployment has one, else in memory.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { store: optional(ConfigStore) },
  init(ctx) {
    // A config store in the deployment initialises before this plugin (it is an optional dep).
    const { store } = ctx.deps;
    const cursors: CursorStore = store
      ? new ConfigStoreCursorStore(store, ctx.config.cursorPrefix, ctx.log)
      : new MemoryCursorStore();
    ctx.implement(new RoundRobinSelector(() => cursors));
    ctx.log.info('round-robin cursors', {
      storage: store ? 'config-store' : 'memory',
      prefix: store ? ctx.config.cursorPrefix : undefined,
    });
  },
});
