import { join } from 'node:path';
import { definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { ProcessBackend } from './process-backend';

/** Backends by plugin container, so `stop` finds the instance `register` created. */
const backends = new WeakMap<object, ProcessBackend>();

/** `@tessera/agent-backend-process`: registers the process backend in the agent-backend registry. */
export default definePlugin<Config>({
  register(ctx) {
    const backend = new ProcessBackend(
      { ...ctx.config, workRoot: ctx.config.workRoot ?? join(ctx.dataDir, 'scratches') },
      ctx.log,
    );
    backends.set(ctx.container, backend);
    ctx.implement(backend);
  },
  async stop(ctx) {
    // The agent destroys its kernels first; anything left here was orphaned by a failure.
    await backends.get(ctx.container)?.destroyAll('agent-backend-stopped');
    backends.delete(ctx.container);
  },
});
