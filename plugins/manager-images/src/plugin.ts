import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';

/** `@tessera/manager-images`: images and container registries on the manager (under construction). */
export default definePlugin({
  config: configType<Config>(),
  init() {
    return {};
  },
});
