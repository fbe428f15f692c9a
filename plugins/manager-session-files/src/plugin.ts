import { AgentRpcDirectory, configType, Database, definePlugin } from '@tessera/core';
import { ApiRoutes } from '@tessera/manager';
import type { Config } from './config.generated';
import { SessionFileRoutes } from './session-file-routes';
import { SessionFiles } from './session-files';

/**
 * `@tessera/manager-session-files`: upload, list and download of a session's /home/work and code
 * completion, as REST routes forwarded to the agent of the session's main kernel.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database, agents: AgentRpcDirectory },
  init(ctx) {
    ctx.container.registerSingleton(SessionFiles);
    ctx.contribute(ApiRoutes, ctx.container.resolve(SessionFileRoutes));
  },
});
