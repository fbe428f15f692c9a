import { ConfigStore, configType, Database, definePlugin, EventBus } from '@tessera/core';
import type { Config } from './config.generated';
import { registerImages } from './images/image-feature';
import { registerRegistries } from './registries/registry-feature';

/**
 * `@tessera/manager-images`: images and container registries on the manager. The admin GraphQL API's
 * image queries and mutations (`images/`), and container registries with `rescan_images`
 * (`registries/`, `rescan/`), each contributing its resolvers and permission-table actions.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database, bus: EventBus, store: ConfigStore },
  init(ctx) {
    registerImages(ctx);
    const rescans = registerRegistries(ctx, ctx.deps);
    return { rescans };
  },
  async stop({ rescans }) {
    await rescans.stop();
  },
});
