import { inject, injectable } from 'tsyringe';
import { Database, sumSlots, type KeypairRecord, type SessionRecord } from '@tessera/core';
import { RESOURCE_OCCUPYING_SESSION_STATUSES, SlotTypeRegistry } from '@tessera/manager-sessions';
import { presetAvailability, type PresetAvailability } from './preset-availability';
import { ResourceErrors } from './resource-errors';
import { ResourceSettings } from './resource-settings';

/** What `POST /resource/check-presets` asks about. */
export interface PresetQuestion {
  /** A project name in the caller's domain, or a project id. */
  group: string;
  /** One resource group, or null for every one the caller may use. */
  scalingGroup: string | null;
}

/**
 * Reads what check-presets needs at one moment (policy, limits, the occupied slots of
 * resource-occupying sessions, the agents' free room, the presets) and lets `presetAvailability`
 * compute the answer.
 */
@injectable()
export class PresetChecker {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SlotTypeRegistry) private readonly slotTypes: SlotTypeRegistry,
    @inject(ResourceSettings) private readonly settings: ResourceSettings,
  ) {}

  async check(caller: KeypairRecord, question: PresetQuestion): Promise<PresetAvailability> {
    const { db } = this;
    const scope = await db.resourcePresets.scopeOf(caller, question.group);
    if (!scope.project?.isMember) throw ResourceErrors.unknownProject(question.group);
    let groups = scope.resourceGroups;
    if (question.scalingGroup !== null) {
      if (!groups.includes(question.scalingGroup))
        throw ResourceErrors.unknownResourceGroup(question.scalingGroup, groups);
      groups = [question.scalingGroup];
    }
    const [policy, slotTypes, occupying, alive, presets] = await Promise.all([
      db.resourcePolicies.keypairPolicy(caller.accessKey),
      this.slotTypes.current(),
      db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES]),
      db.agents.listByStatus(['ALIVE']),
      db.resourcePresets.list(groups),
    ]);
    if (!policy) throw ResourceErrors.noResourcePolicy(caller.accessKey);
    const project = scope.project;
    const occupied = (match: (session: SessionRecord) => boolean) =>
      sumSlots(occupying.filter(match).map((session) => session.occupyingSlots)).toJSON();
    return presetAvailability({
      slotTypes,
      keypairPolicy: policy,
      keypairUsing: occupied((s) => s.accessKey === caller.accessKey),
      projectLimits: project.totalResourceSlots,
      projectUsing: occupied((s) => s.domainName === caller.domainName && s.groupName === project.name),
      domainLimits: scope.domainSlots,
      domainUsing: occupied((s) => s.domainName === caller.domainName),
      resourceGroups: groups,
      userUsingByGroup: Object.fromEntries(
        groups.map((group) => [
          group,
          occupied((s) => s.userId === caller.userId && s.resourceGroup === group),
        ]),
      ),
      agents: alive.filter((agent) => agent.schedulable && groups.includes(agent.resourceGroup)),
      presets,
      showProjectFigures: this.settings.groupResourceVisibility,
    });
  }
}
