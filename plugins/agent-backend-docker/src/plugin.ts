import { join } from 'node:path';
import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { DockerBackend } from './docker-backend';

/** `@tessera/agent-backend-docker`: registers the Docker backend in the agent-backend registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    const backend = new DockerBackend(
      {
        ...ctx.config,
        scope: ctx.config.scope ?? ctx.nodeId,
        scratchRoot: ctx.config.scratchRoot ?? join(ctx.dataDir, 'scratches'),
      },
      ctx.log,
    );
    ctx.implement(backend);
    return backend;
  },
  stop(backend) {
    // Kernels outlive the agent: let go of them; the next start recovers them (recoverKernels).
    backend.close();
  },
});
