import { join } from 'node:path';
import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { ProcessBackend } from './process-backend';

/** `@tessera/agent-backend-process`: registers the process backend in the agent-backend registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    const backend = new ProcessBackend(
      { ...ctx.config, workRoot: ctx.config.workRoot ?? join(ctx.dataDir, 'scratches') },
      ctx.log,
    );
    ctx.implement(backend);
    return backend;
  },
  async stop(backend) {
    // The agent destroys its kernels first; anything left here was orphaned by a failure.
    await backend.destroyAll('agent-backend-stopped');
  },
});
