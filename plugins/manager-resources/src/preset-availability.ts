import {
  exact,
  ResourceSlot,
  type KeypairResourcePolicyRecord,
  type ResourcePresetRecord,
  type SlotsJSON,
  type SlotTypeMap,
} from '@tessera/core';

/** An agent as check-presets counts it: its resource group and what it has left. */
export interface AgentRoom {
  resourceGroup: string;
  availableSlots: SlotsJSON;
  occupiedSlots: SlotsJSON;
}

/** Everything check-presets reads, at one moment; `presetAvailability` turns it into the answer. */
export interface PresetSnapshot {
  slotTypes: SlotTypeMap;
  keypairPolicy: Pick<KeypairResourcePolicyRecord, 'totalResourceSlots' | 'defaultForUnspecified'>;
  /** Occupied slots of the keypair's, the project's and the domain's resource-occupying sessions. */
  keypairUsing: SlotsJSON;
  projectLimits: SlotsJSON;
  projectUsing: SlotsJSON;
  domainLimits: SlotsJSON;
  domainUsing: SlotsJSON;
  /** The resource groups asked about (every allowed one, or the one named), sorted. */
  resourceGroups: readonly string[];
  /** Per resource group: the slots the caller's user occupies there. */
  userUsingByGroup: Readonly<Record<string, SlotsJSON>>;
  /** The ALIVE, schedulable agents of those resource groups. */
  agents: readonly AgentRoom[];
  presets: readonly ResourcePresetRecord[];
  /** False: the project's figures are shown as `"NaN"` (upstream's group_resource_visibility). */
  showProjectFigures: boolean;
}

export interface CheckedPreset {
  name: string;
  resource_slots: Record<string, string>;
  shared_memory: string | null;
  allocatable: boolean;
}

/** The body of `POST /resource/check-presets` (upstream's field names). */
export interface PresetAvailability {
  keypair_limits: Record<string, string>;
  keypair_using: Record<string, string>;
  keypair_remaining: Record<string, string>;
  group_limits: Record<string, string>;
  group_using: Record<string, string>;
  group_remaining: Record<string, string>;
  scaling_group_remaining: Record<string, string>;
  scaling_groups: Record<string, { using: Record<string, string>; remaining: Record<string, string> }>;
  presets: CheckedPreset[];
}

/**
 * Backend.AI's check-presets arithmetic over known slots only. `keypair_remaining` is the keypair's
 * remainder lowered, slot by slot, to the project's and the domain's remainders (upstream folds all
 * three into that one field). Each resource group's `remaining` is its agents' free room capped by
 * it, as is `scaling_group_remaining` over all of them. A preset is allocatable when one agent
 * (of the preset's own resource group, for a group preset) has room for it and `keypair_remaining`
 * covers it.
 */
export function presetAvailability(snapshot: PresetSnapshot): PresetAvailability {
  const known = snapshot.slotTypes;
  const normal = (slots: SlotsJSON | ResourceSlot): ResourceSlot =>
    ResourceSlot.from(slots).normalize(known, { ignoreUnknown: true });
  const unlimited = (slots: SlotsJSON): ResourceSlot =>
    ResourceSlot.fromPolicy({ totalResourceSlots: slots, defaultForUnspecified: 'UNLIMITED' }, known);

  const keypairLimits = ResourceSlot.fromPolicy(snapshot.keypairPolicy, known);
  const keypairUsing = normal(snapshot.keypairUsing);
  const projectLimits = unlimited(snapshot.projectLimits);
  const projectUsing = normal(snapshot.projectUsing);
  const projectRemaining = projectLimits.subtract(projectUsing);
  const domainRemaining = unlimited(snapshot.domainLimits).subtract(normal(snapshot.domainUsing));
  const remaining = lowest(known, [keypairLimits.subtract(keypairUsing), projectRemaining, domainRemaining]);

  const rooms = snapshot.agents.map((agent) => ({
    resourceGroup: agent.resourceGroup,
    free: normal(ResourceSlot.from(agent.availableSlots).subtract(ResourceSlot.from(agent.occupiedSlots))),
  }));
  const zero = normal({});
  const perGroup: PresetAvailability['scaling_groups'] = {};
  let allFree = zero;
  for (const group of snapshot.resourceGroups) {
    const free = rooms
      .filter((room) => room.resourceGroup === group)
      .reduce((sum, room) => sum.add(room.free), zero);
    allFree = allFree.add(free);
    perGroup[group] = {
      using: normal(snapshot.userUsingByGroup[group] ?? {}).toJSON(),
      remaining: lowest(known, [free, remaining]).toJSON(),
    };
  }

  const presets = snapshot.presets.map((preset): CheckedPreset => {
    const wanted = normal(preset.resourceSlots);
    const candidates = rooms.filter(
      (room) => !preset.resourceGroup || room.resourceGroup === preset.resourceGroup,
    );
    return {
      name: preset.name,
      resource_slots: wanted.toJSON(),
      shared_memory: preset.sharedMemory === null ? null : String(preset.sharedMemory),
      allocatable: remaining.gte(wanted) && candidates.some((room) => room.free.gte(wanted)),
    };
  });

  const hidden = Object.fromEntries(
    Object.keys(known)
      .sort()
      .map((slot) => [slot, 'NaN']),
  );
  const shown = snapshot.showProjectFigures;
  return {
    keypair_limits: keypairLimits.toJSON(),
    keypair_using: keypairUsing.toJSON(),
    keypair_remaining: remaining.toJSON(),
    group_limits: shown ? projectLimits.toJSON() : { ...hidden },
    group_using: shown ? projectUsing.toJSON() : { ...hidden },
    group_remaining: shown ? projectRemaining.toJSON() : { ...hidden },
    scaling_group_remaining: lowest(known, [allFree, remaining]).toJSON(),
    scaling_groups: perGroup,
    presets,
  };
}

/** Slot by slot, the smallest of several slot sets (over the known slots). */
function lowest(known: SlotTypeMap, sets: readonly ResourceSlot[]): ResourceSlot {
  return new ResourceSlot(
    Object.keys(known).map((slot) => {
      let least = exact(Infinity);
      for (const set of sets) {
        const amount = set.get(slot);
        if (amount.lt(least)) least = amount;
      }
      return [slot, least];
    }),
  );
}
