import type { SlotsJSON } from './slots-json';

/** A named resource request users pick from (`/resource/presets`). */
export interface ResourcePresetRecord {
  name: string;
  /** The slots the preset asks for, as stored (exact decimal strings). */
  resourceSlots: SlotsJSON;
  /** Bytes of `/dev/shm`; null leaves it to the agent's default. */
  sharedMemory: number | null;
  /** The resource group the preset belongs to; null for a global preset. */
  resourceGroup: string | null;
}

/** Who asks, as `ResourcePresetRepository.scopeOf` looks them up. */
export interface PresetCaller {
  accessKey: string;
  userId: string;
  domainName: string;
}

/** A project as check-presets reads it. */
export interface PresetProject {
  id: string;
  name: string;
  /** The project's slot limits (`total_resource_slots`); a slot not listed is unlimited. */
  totalResourceSlots: SlotsJSON;
  /** Whether the caller's user is a member (`association_groups_users`). */
  isMember: boolean;
}

/** What a caller may draw presets from: the project asked about, the domain's limits, the resource groups. */
export interface PresetScope {
  /** The project named (by id, or by name in the caller's domain); null when there is no such project. */
  project: PresetProject | null;
  /** The caller's domain's slot limits; a slot not listed is unlimited. Empty for an unknown domain. */
  domainSlots: SlotsJSON;
  /**
   * Names of the active resource groups associated with the caller's domain, with its keypair, or
   * with the project when the caller is a member of it (upstream's `query_allowed_sgroups`), sorted.
   */
  resourceGroups: string[];
}

/** A global preset as the admin API creates it; `sharedMemory` defaults to null. */
export interface NewResourcePreset {
  name: string;
  resourceSlots: SlotsJSON;
  sharedMemory?: number | null;
}

/** What modify changes: a field left out stays; `sharedMemory: null` clears it. */
export interface ResourcePresetChanges {
  resourceSlots?: SlotsJSON;
  sharedMemory?: number | null;
}

/**
 * Resource presets and what `/resource/check-presets` and `/scaling-groups` read about a caller.
 * Read by the manager's resource routes on every request; safe to call concurrently.
 * Written by fixtures and the admin GraphQL API (api-spec §8.7), whose `get`, `create`, `modify`
 * and `delete` act on the global presets (those of no resource group), known by name, as
 * Backend.AI 22.09's presets are. Writes validate nothing a caller decides (the manager checks
 * amounts and permissions); each happens whole or not at all, and a conflict is a typed error:
 * `object-not-found` naming the missing preset, `object-already-exists` naming the duplicate.
 */
export interface ResourcePresetRepository {
  /**
   * The global presets and those of the given resource groups, by name (global ones first for a
   * name used in both). With no argument: every preset.
   */
  list(resourceGroups?: readonly string[]): Promise<ResourcePresetRecord[]>;
  /** The caller's project (`project`: a project id, or a name in the caller's domain), limits and resource groups. */
  scopeOf(caller: PresetCaller, project: string): Promise<PresetScope>;
  /** The global preset of that name; null when there is none. */
  get(name: string): Promise<ResourcePresetRecord | null>;
  /** Adds a global preset; `object-already-exists` when a global one has the name. */
  create(preset: NewResourcePreset): Promise<ResourcePresetRecord>;
  /** Changes a global preset; `object-not-found` when there is none of that name. */
  modify(name: string, changes: ResourcePresetChanges): Promise<ResourcePresetRecord>;
  /** Removes a global preset; `object-not-found` when there is none of that name. */
  delete(name: string): Promise<void>;
}
