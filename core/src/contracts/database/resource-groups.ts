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

/** A new resource group; what is left out takes the column's default (active, public, no options). */
export interface NewResourceGroup {
  name: string;
  driver: string;
  scheduler: string;
  description?: string | null;
  isActive?: boolean;
  isPublic?: boolean;
  driverOpts?: Record<string, unknown>;
  schedulerOpts?: Record<string, unknown>;
  wsproxyAddr?: string | null;
}

/** What a modification sets; absent fields stay as they are (options are replaced whole). */
export type ResourceGroupChanges = Partial<Omit<NewResourceGroup, 'name'>>;

/** Who a resource group is associated with: a domain (by name), a project (by id) or a keypair. */
export type ResourceGroupMember = { domain: string } | { project: string } | { accessKey: string };

/**
 * Resource groups: read by the scheduler each pass (`get`, never cached across passes, so a
 * modification applies to the next pass) and by the admin API; written by the admin API only.
 * Writes answer the manager's object errors: `object-not-found` (the group, or the domain,
 * project or keypair named), `object-already-exists` (a duplicate name or association),
 * `object-in-use` (a delete while agents or sessions name the group).
 */
export interface ResourceGroupRepository {
  get(name: string): Promise<ResourceGroupRecord | null>;
  /** One group with every detail; null when there is none of that name. */
  describe(name: string): Promise<ResourceGroupDetail | null>;
  /** The groups matching every condition of `filter`, by name. */
  list(filter?: ResourceGroupFilter): Promise<ResourceGroupDetail[]>;
  create(group: NewResourceGroup): Promise<ResourceGroupDetail>;
  modify(name: string, changes: ResourceGroupChanges): Promise<ResourceGroupDetail>;
  /**
   * Removes the group with its associations and the presets scoped to it; refused
   * (`object-in-use`) while any agent or session, live or finished, names it, as agents and
   * sessions keep the group's name and must never point at a missing group.
   */
  delete(name: string): Promise<void>;
  /** Associates the group with `member`; a second association of the same pair is refused. */
  associate(name: string, member: ResourceGroupMember): Promise<void>;
  /** Removes one association; refused when the pair is not associated. */
  disassociate(name: string, member: ResourceGroupMember): Promise<void>;
  /** Removes every association of a domain or a project; answers how many were removed. */
  disassociateAll(member: { domain: string } | { project: string }): Promise<number>;
}
