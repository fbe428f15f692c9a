import type { ConfigStore, Database, ResourceGroupRecord, SessionRecord } from '@tessera/core';
import type { SlotTypeRegistry } from '../sessions/slot-type-registry';
import { RESOURCE_OCCUPYING_SESSION_STATUSES } from '../sessions/session-transitions';
import { groupOptions } from './group-options';
import type { DependencyState, PassInput } from './pass-input';

export interface PassInputLoaderOptions {
  db: Database;
  slotTypes: SlotTypeRegistry;
  configStore?: ConfigStore;
  /** The manager's `scheduler.maxContainerCount` (0: no limit), used when the config store has none. */
  maxContainerCount: number;
}

/** A pass's input with the group's row (its scheduler names). */
export interface LoadedPass {
  input: PassInput;
  group: ResourceGroupRecord | null;
}

/** Reads what a scheduling pass over one resource group decides from. */
export class PassInputLoader {
  constructor(private readonly options: PassInputLoaderOptions) {}

  /** Null when the group has nothing pending. */
  async load(resourceGroup: string, now: Date): Promise<LoadedPass | null> {
    const { db } = this.options;
    const pending = await db.sessions.listByStatus(['PENDING']);
    const inGroup = pending.filter((session) => session.resourceGroup === resourceGroup);
    if (inGroup.length === 0) return null;
    const [agents, existing, limits, dependencies, group, slotTypes] = await Promise.all([
      db.agents.listSchedulable(resourceGroup),
      db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES]),
      db.resourcePolicies.limitsOf(inGroup),
      this.dependenciesOf(inGroup),
      db.resourceGroups.get(resourceGroup),
      this.options.slotTypes.current(),
    ]);
    const options = await groupOptions(group, this.options.configStore, this.options.maxContainerCount);
    return {
      input: { resourceGroup, now, pending, existing, agents, limits, dependencies, slotTypes, options },
      group,
    };
  }

  private async dependenciesOf(sessions: readonly SessionRecord[]): Promise<Map<string, DependencyState>> {
    const ids = [...new Set(sessions.flatMap((session) => session.dependencies ?? []))];
    const found = await this.options.db.sessions.getMany(ids);
    return new Map(found.map((s) => [s.id, { id: s.id, name: s.name, status: s.status, result: s.result }]));
  }
}
