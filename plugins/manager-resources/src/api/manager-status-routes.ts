import type Router from '@koa/router';
import { inject, injectable } from 'tsyringe';
import { Database } from '@tessera/core';
import { bodyValidator, ManagerErrors, type ApiState } from '@tessera/manager';
import { RESOURCE_OCCUPYING_SESSION_STATUSES } from '@tessera/manager-sessions';
import { MANAGER_STATUSES, ManagerStatusStore, type ManagerStatus } from '../manager-status';
import { ResourceSettings } from '../resource-settings';
import { PackageVersion } from '../package-version';
import { superadminOf } from './caller';

const statusBody = bodyValidator<{ status: ManagerStatus; force_kill?: boolean | string }>({
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: [...MANAGER_STATUSES] },
    force_kill: { type: ['boolean', 'string'] },
  },
});

/** `GET /manager/status` (any signed caller) and `PUT /manager/status` (superadmins). */
@injectable()
export class ManagerStatusRoutes {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(ManagerStatusStore) private readonly store: ManagerStatusStore,
    @inject(ResourceSettings) private readonly settings: ResourceSettings,
    @inject(PackageVersion) private readonly version: string,
  ) {}

  register(router: Router<ApiState>): void {
    router.get('/manager/status', async (ctx) => {
      const [status, active] = await Promise.all([
        this.store.current(),
        this.db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES]),
      ]);
      const node = {
        id: this.settings.nodeId,
        num_proc: 1,
        active_sessions: active.length,
        status,
        version: this.version,
        api_version: ctx.state.apiVersion ?? null,
      };
      ctx.body = { nodes: [node], status, active_sessions: active.length };
    });
    router.put('/manager/status', async (ctx) => {
      superadminOf(ctx, 'change the manager status');
      const body = statusBody(ctx.request.body);
      if (body.force_kill === true || body.force_kill === 'true' || body.force_kill === '1')
        throw ManagerErrors.invalidParams(
          'Invalid parameter force_kill: killing every session while freezing is not supported; terminate them first',
          { force_kill: body.force_kill },
        );
      await this.store.set(body.status);
      ctx.status = 204;
    });
  }
}
