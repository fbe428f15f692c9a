import Router from '@koa/router';
import { inject, injectable } from 'tsyringe';
import { Database, ResourceSlot, type SlotsJSON, type SlotTypeMap } from '@tessera/core';
import {
  bodyValidator,
  requestParams,
  type ApiRouteContribution,
  type ApiRouteKit,
  type ApiState,
} from '@tessera/manager';
import { SlotTypeRegistry } from '@tessera/manager-sessions';
import { PresetChecker } from '../preset-checker';
import { slotDetails } from '../slot-metadata';
import { callerOf } from './caller';
import { ManagerStatusRoutes } from './manager-status-routes';
import { UsageRoutes } from './usage-routes';

/** Backend.AI's vfolder types (`volumes/_types` unset): per-user and per-project folders. */
const VFOLDER_TYPES = ['user', 'group'];

const checkPresetsBody = bodyValidator<{ scaling_group?: string | null; group?: string }>({
  type: 'object',
  properties: {
    scaling_group: { type: ['string', 'null'], minLength: 1 },
    group: { type: 'string', minLength: 1 },
  },
});

const scalingGroupsQuery = bodyValidator<{ group?: string; group_id?: string; group_name?: string }>({
  type: 'object',
  properties: {
    group: { type: 'string', minLength: 1 },
    group_id: { type: 'string', minLength: 1 },
    group_name: { type: 'string', minLength: 1 },
  },
  anyOf: [{ required: ['group'] }, { required: ['group_id'] }, { required: ['group_name'] }],
});

const slotDetailsQuery = bodyValidator<{ sgroup?: string }>({
  type: 'object',
  properties: { sgroup: { type: 'string', minLength: 1 } },
});

/**
 * The resource API (api-spec §3.6 and upstream's `etcd`, `scaling_group`, `resource` and `manager`
 * apps): the slot types, the caller's resource groups, presets and whether they fit, usage
 * reports, and the manager's status. `/config/resource-slots` and `/config/vfolder-types` need no
 * signature, as upstream (the JS SDK calls them unsigned); everything else does.
 */
@injectable()
export class ResourceRoutes implements ApiRouteContribution {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SlotTypeRegistry) private readonly slotTypes: SlotTypeRegistry,
    @inject(PresetChecker) private readonly presets: PresetChecker,
    @inject(UsageRoutes) private readonly usage: UsageRoutes,
    @inject(ManagerStatusRoutes) private readonly status: ManagerStatusRoutes,
  ) {}

  routes(kit: ApiRouteKit): Router<ApiState> {
    const open = new Router<ApiState>();
    open.get('/config/resource-slots', async (ctx) => {
      ctx.body = await this.slotTypes.current();
    });
    open.get('/config/vfolder-types', (ctx) => {
      ctx.body = [...VFOLDER_TYPES];
    });

    const signed = new Router<ApiState>();
    signed.use(...kit.authenticated);
    signed.get('/config/resource-slots/details', async (ctx) => {
      const { sgroup } = slotDetailsQuery({ ...ctx.query });
      const [known, agents] = await Promise.all([
        this.slotTypes.current(),
        this.db.agents.listByStatus(['ALIVE']),
      ]);
      ctx.body = slotDetails(known, agents, sgroup ?? null);
    });
    signed.get('/scaling-groups', async (ctx) => {
      const query = scalingGroupsQuery({ ...ctx.query });
      const scope = await this.db.resourcePresets.scopeOf(
        callerOf(ctx),
        (query.group ?? query.group_id ?? query.group_name)!,
      );
      ctx.body = { scaling_groups: scope.resourceGroups.map((name) => ({ name })) };
    });
    signed.get('/resource/presets', async (ctx) => {
      const known = await this.slotTypes.current();
      const scalingGroup =
        typeof ctx.query['scaling_group'] === 'string' ? ctx.query['scaling_group'] : undefined;
      const presets = await this.db.resourcePresets.list(
        scalingGroup === undefined ? undefined : [scalingGroup],
      );
      ctx.body = {
        presets: presets.map((preset) => ({
          name: preset.name,
          shared_memory: preset.sharedMemory === null ? null : String(preset.sharedMemory),
          resource_slots: normalizeSlots(preset.resourceSlots, known),
        })),
      };
    });
    signed.post('/resource/check-presets', async (ctx) => {
      const body = checkPresetsBody(await requestParams(ctx));
      ctx.body = await this.presets.check(callerOf(ctx), {
        group: body.group ?? 'default',
        scalingGroup: body.scaling_group ?? null,
      });
    });
    this.usage.register(signed);
    this.status.register(signed);

    const router = new Router<ApiState>();
    router.use(open.routes(), signed.routes());
    return router;
  }
}

/** A preset's slots over the known slot types: unknown ones dropped, missing ones zero (upstream's normalize_slots). */
function normalizeSlots(slots: SlotsJSON, known: SlotTypeMap): Record<string, string> {
  return ResourceSlot.fromJSON(slots).normalize(known, { ignoreUnknown: true }).toJSON();
}
