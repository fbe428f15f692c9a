/** A resource group (Backend.AI's scaling group) as the scheduler reads it. */
export interface ResourceGroupRecord {
  name: string;
  isActive: boolean;
  /** The scheduler (session-selection policy) the group names, e.g. `fifo`. */
  scheduler: string;
  /** `scheduler_opts` as stored: `pending_timeout`, `agent_selection_strategy`, `allowed_session_types`, ... */
  schedulerOpts: Record<string, unknown>;
}

/** A resource group with everything the admin API shows of it (api-spec §8.6). */
export interface ResourceGroupDetail extends ResourceGroupRecord {
  description: string | null;
  isPublic: boolean;
  /** The agent driver (`static`, ...) and its options. */
  driver: string;
  driverOpts: Record<string, unknown>;
  /** The App Proxy coordinator serving the group's sessions; null when there is none. */
  wsproxyAddr: string | null;
  createdAt: Date;
}

/**
 * What to list: only active (or inactive) groups, and/or only those associated with one domain
 * (by name), one project (by id) or one keypair (by access key).
 */
export interface ResourceGroupFilter {
  isActive?: boolean;
  domain?: string;
  project?: string;
  accessKey?: string;
}

export interface ResourceGroupRepository {
  get(name: string): Promise<ResourceGroupRecord | null>;
  /** One group with every detail; null when there is none of that name. */
  describe(name: string): Promise<ResourceGroupDetail | null>;
  /** The groups matching every condition of `filter`, by name. */
  list(filter?: ResourceGroupFilter): Promise<ResourceGroupDetail[]>;
}
