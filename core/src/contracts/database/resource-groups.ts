/** A resource group (Backend.AI's scaling group) as the scheduler reads it. */
export interface ResourceGroupRecord {
  name: string;
  isActive: boolean;
  /** The scheduler (session-selection policy) the group names, e.g. `fifo`. */
  scheduler: string;
  /** `scheduler_opts` as stored: `pending_timeout`, `agent_selection_strategy`, `allowed_session_types`, ... */
  schedulerOpts: Record<string, unknown>;
}

export interface ResourceGroupRepository {
  get(name: string): Promise<ResourceGroupRecord | null>;
}
