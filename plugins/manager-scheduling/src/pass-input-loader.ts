import { inject, injectable } from 'tsyringe';
import { ConfigStore, Database, type ResourceGroupRecord, type SessionRecord } from '@tessera/core';
import { RESOURCE_OCCUPYING_SESSION_STATUSES, SlotTypeRegistry } from '@tessera/manager-sessions';
import { groupOptions, type DependencyState, type PassInput } from '@tessera/sokovan';
import { SchedulingSettings } from './scheduling-settings';

/** A pass's input with the group's row (its scheduler names). */
export interface LoadedPass {
  input: PassInput;
  group: ResourceGroupRecord | null;
}

/** Reads what a scheduling pass over one resource group decides from. */
@injectable()
export class PassInputLoader {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SlotTypeRegistry) private readonly slotTypes: SlotTypeRegistry,
    /** `maxContainerCount` (0: no limit) applies when the config store has none. */
    @inject(SchedulingSettings) private readonly settings: Pick<SchedulingSettings, 'maxContainerCount'>,
    @inject(ConfigStore) private readonly configStore?: ConfigStore,
  ) {}

  /** Null when the group has nothing pending. */
  async load(resourceGroup: string, now: Date): Promise<LoadedPass | null> {
    const { db } = this;
    const pending = await db.sessions.listByStatus(['PENDING']);
    const inGroup = pending.filter((session) => session.resourceGroup === resourceGroup);
    if (inGroup.length === 0) return null;
    const [agents, existing, limits, dependencies, group, slotTypes] = await Promise.all([
      db.agents.listSchedulable(resourceGroup),
      db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES]),
      db.resourcePolicies.limitsOf(inGroup),
      this.dependenciesOf(inGroup),
      db.resourceGroups.get(resourceGroup),
      this.slotTypes.current(),
    ]);
    const options = await groupOptions(group, this.configStore, this.settings.maxContainerCount);
    return {
      input: { resourceGroup, now, pending, existing, agents, limits, dependencies, slotTypes, options },
      group,
    };
  }

  private async dependenciesOf(sessions: readonly SessionRecord[]): Promise<Map<string, DependencyState>> {
    const ids = [...new Set(sessions.flatMap((session) => session.dependencies ?? []))];
    const found = await this.db.sessions.getMany(ids);
    return new Map(found.map((s) => [s.id, { id: s.id, name: s.name, status: s.status, result: s.result }]));
  }
}
