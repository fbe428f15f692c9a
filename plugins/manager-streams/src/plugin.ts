import { AgentRpcDirectory, configType, Database, definePlugin } from '@tessera/core';
import { ApiRoutes, StreamRoutes } from '@tessera/manager';
import { SessionExecutor } from '@tessera/manager-sessions';
import { appsRestRoute, appsStreamRoute } from './apps/app-routes';
import type { Config } from './config.generated';
import { executeStreamRoute } from './execute/execute-route';
import { ptyStreamRoute } from './pty/pty-route';

/**
 * `@tessera/manager-streams`: the manager's WebSocket streams (README.md): streaming execute, the
 * terminal (a shell on a pty in the session's main kernel, through agent RPC) and a session's app
 * list, contributed to `manager/stream-routes`; the app list also as the plain GET
 * Backend.AI's client uses, on `manager/api-routes`. Execution goes through manager-sessions'
 * executor, the same path as REST's execute. It holds no state of its own: the manager's stream
 * server owns the sockets and ends them when it stops.
 */
export default definePlugin({
  config: configType<Config>(),
  deps: { db: Database, agents: AgentRpcDirectory },
  init(ctx) {
    const { db, agents } = ctx.deps;
    const executor = ctx.container.resolve(SessionExecutor);
    ctx.contribute(StreamRoutes, executeStreamRoute({ db, executor, log: ctx.log }));
    ctx.contribute(StreamRoutes, appsStreamRoute(db));
    ctx.contribute(StreamRoutes, ptyStreamRoute({ db, agents, log: ctx.log }));
    ctx.contribute(ApiRoutes, appsRestRoute(db));
  },
});
