import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';

/** `@tessera/manager-streams`: work in progress (see its README once written). */
export default definePlugin({
  config: configType<Config>(),
  deps: {},
  init() {},
});
