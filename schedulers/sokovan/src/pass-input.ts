import type { AgentRecord, OwnerLimits, SessionRecord, SlotTypeMap } from '@tessera/core';

/** A dependency as the predicates see it. */
export type DependencyState = Pick<SessionRecord, 'id' | 'name' | 'status' | 'result'>;

/** What a resource group's scheduling options say (its `scheduler_opts` and the container limit). */
export interface GroupOptions {
  /** Sessions pending longer are cancelled with `pending-timeout`; 0 disables. */
  pendingTimeoutMs: number;
  /** Kernels one agent may host (`config/agent/max-container-count`); null: no limit. */
  maxContainerCount: number | null;
  /** The group's settings for its policy (`scheduler_opts.config`), handed to the policy as is. */
  schedulerConfig?: Readonly<Record<string, unknown>>;
}

/**
 * Everything one scheduling pass over one resource group decides from: read before the pass (or
 * written by hand, for a simulation), never written during it. The decisions are a pure function
 * of this input, the policy and the selector.
 */
export interface PassInput {
  resourceGroup: string;
  now: Date;
  /** Every PENDING session (all groups: pending limits count a keypair's sessions everywhere), oldest first. */
  pending: readonly SessionRecord[];
  /** Sessions holding resources in any group (quotas, concurrency and container counts read them). */
  existing: readonly SessionRecord[];
  /** The group's agents (a database loads the ALIVE, schedulable ones). */
  agents: readonly AgentRecord[];
  limits: OwnerLimits;
  /** The sessions that pending sessions depend on, by id. */
  dependencies: ReadonlyMap<string, DependencyState>;
  /** Known slot types: policy limits are read over them. */
  slotTypes: SlotTypeMap;
  options: GroupOptions;
}

/** No limits at all (a simulation without owners, a deployment without policies). */
export const NO_LIMITS: OwnerLimits = { keypairs: {}, users: {}, projects: {}, domains: {} };
