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

/**
 * Resource presets and what `/resource/check-presets` and `/scaling-groups` read about a caller.
 * Called by the manager's resource routes on every request; read-only, safe to call concurrently.
 * Presets are written by fixtures and, later, the admin GraphQL API.
 */
export interface ResourcePresetRepository {
  /**
   * The global presets and those of the given resource groups, by name (global ones first for a
   * name used in both). With no argument: every preset.
   */
  list(resourceGroups?: readonly string[]): Promise<ResourcePresetRecord[]>;
  /** The caller's project (`project`: a project id, or a name in the caller's domain), limits and resource groups. */
  scopeOf(caller: PresetCaller, project: string): Promise<PresetScope>;
}
