import type { InjectionToken } from 'tsyringe';

/** The plugin's config as its services read it. */
export interface ResourceSettings {
  /** Show the project's figures in check-presets (upstream's group_resource_visibility). */
  groupResourceVisibility: boolean;
  /** The longest period `/resource/usage/period` answers for, in days. */
  usagePeriodMaxDays: number;
  /** This manager's node id, for `GET /manager/status`. */
  nodeId: string;
}

export const ResourceSettings: InjectionToken<ResourceSettings> = Symbol('manager-resources settings');
