import type Router from '@koa/router';
import { formatQuotaScope, type VolumeCapabilities } from '@tessera/core';
import { ProxyErrors } from '../proxy-errors';
import { backendError } from '../volume-set';
import { BodyFields } from './body-fields';
import type { ManagerApiDeps } from './manager-app';

/** Upstream's capability names for what a volume can do. */
export function capabilityNames(capabilities: VolumeCapabilities): string[] {
  const names: string[] = [];
  if (capabilities.kernelQuota) names.push('kernel-quota');
  if (capabilities.fastUsage) names.push('fast-usage');
  if (capabilities.snapshotClone) names.push('snapshot-clone');
  return names;
}

/** GET /status, GET /volumes, volume capacity and quota scopes. */
export function volumeRoutes(router: Router, deps: ManagerApiDeps): void {
  router.get('/status', (ctx) => {
    ctx.body = { status: 'ok', node: deps.name, volumes: deps.volumes.names() };
  });

  router.get('/volumes', (ctx) => {
    ctx.body = {
      volumes: deps.volumes.all().map((served) => ({
        name: served.name,
        backend: served.backend,
        path: served.volume.mountPath,
        capabilities: capabilityNames(served.volume.capabilities()),
      })),
    };
  });

  router.post('/volume/capacity', async (ctx) => {
    const body = BodyFields.of(ctx.request.body);
    const served = deps.volumes.require(body.string('volume'));
    const capacity = await served.volume.capacity();
    ctx.body = { capacity_bytes: capacity.capacityBytes, used_bytes: capacity.usedBytes };
  });

  router.post('/quota-scope/get', async (ctx) => {
    const body = BodyFields.of(ctx.request.body);
    const served = deps.volumes.require(body.string('volume'));
    const scope = body.quotaScope();
    const usage = await served.volume.scopeUsage(scope).catch((error) => Promise.reject(backendError(error)));
    if (!usage) throw ProxyErrors.quotaScopeNotFound(formatQuotaScope(scope));
    ctx.body = { used_bytes: usage.usedBytes, file_count: usage.fileCount, limit_bytes: usage.limitBytes };
  });

  router.post('/quota-scope/set', async (ctx) => {
    const body = BodyFields.of(ctx.request.body);
    const served = deps.volumes.require(body.string('volume'));
    const scope = body.quotaScope();
    const limit = body.limit('limit_bytes', false);
    await served.volume.setScopeQuota(scope, limit).catch((error) => Promise.reject(backendError(error)));
    ctx.status = 204;
  });
}
