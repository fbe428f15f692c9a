import { contractToken } from '@tessera/core';
import type { ResourceGroupPolicy } from '@tessera/sokovan';

/** The scheduling loop's config as its classes use it (registered in the plugin's container in `init`). */
export interface SchedulingSettings {
  /** The source of the events this manager publishes (`manager:<node id>`). */
  readonly source: string;
  /** Between periodic passes over every resource group with pending sessions. */
  readonly tickIntervalMs: number;
  /** How long a pass waits for its group's `schedule/<group>` lock. */
  readonly lockTimeoutMs: number;
  /** How long the lock is leased for. */
  readonly lockTtlMs: number;
  /** Kernels one agent may host (0: no limit) when the config store does not say. */
  readonly maxContainerCount: number;
  /** Silence after which an agent is LOST. */
  readonly heartbeatTimeoutMs: number;
  /** Per resource group: the scheduler and agent selector to use, by registry name. */
  readonly policies: Readonly<Record<string, ResourceGroupPolicy | undefined>>;
}

export const SchedulingSettings = contractToken<SchedulingSettings>('manager-scheduling.settings');

/** The resource group of the pass a per-pass container was made for. */
export const PassGroup = contractToken<string>('manager-scheduling.pass-group');
