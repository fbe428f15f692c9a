import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { configType, definePlugin } from '@tessera/core';
import type { Config } from './config.generated';
import { DockerBackend } from './docker-backend';

/** `@tessera/agent-backend-docker`: registers the Docker backend in the agent-backend registry. */
export default definePlugin({
  config: configType<Config>(),
  init(ctx) {
    const scratchRoot = resolve(ctx.config.scratchRoot ?? join(ctx.dataDir, 'scratches'));
    const backend = new DockerBackend(
      { ...ctx.config, scope: ctx.config.scope ?? defaultScope(ctx.nodeId, scratchRoot), scratchRoot },
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

/**
 * The node id and a digest of the scratch root: the same agent finds its containers again after a
 * restart (same node, same data folder), while two deployments sharing one engine (a test run and
 * a developer's cluster, two agents on one host) never see each other's.
 */
export function defaultScope(nodeId: string, scratchRoot: string): string {
  const digest = createHash('sha256').update(scratchRoot).digest('hex').slice(0, 10);
  return `${nodeId.slice(0, 100)}-${digest}`;
}
