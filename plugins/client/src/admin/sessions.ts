import {
  AreaOperations,
  type GraphqlCaller,
  type ItemPage,
  type OperationArgument,
  type PageOptions,
  type ReadOptions,
} from './graphql-operation';

/** A compute session as the admin view reads it (api-spec §8.13), camelCase; absent when not asked for. */
export interface AdminSession {
  id?: string;
  sessionId?: string;
  name?: string;
  type?: string;
  image?: string;
  architecture?: string;
  status?: string;
  statusInfo?: string | null;
  statusChanged?: string;
  statusData?: Record<string, unknown> | null;
  createdAt?: string;
  terminatedAt?: string | null;
  domainName?: string;
  groupId?: string | null;
  groupName?: string;
  accessKey?: string;
  userEmail?: string | null;
  userId?: string;
  scalingGroup?: string;
  clusterMode?: string;
  clusterSize?: number;
  tag?: string | null;
  result?: string;
  occupiedSlots?: Record<string, string>;
  requestedSlots?: Record<string, string>;
  resourceOpts?: Record<string, unknown>;
  servicePorts?: unknown;
  lastStat?: Record<string, unknown> | null;
  /** With `fields` naming `containers { ... }`: its kernels. */
  containers?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** The filters `compute_session_list` takes (the others are upstream's `filter`, which Tessera refuses). */
export interface AdminSessionFilter {
  /** One status or several; absent lists every status. */
  status?: string | readonly string[];
  /** Only this keypair's sessions (admins: within their domain; superadmins: any). */
  accessKey?: string;
  /** Superadmins: only this domain. */
  domainName?: string;
  /** Only this project (its id). */
  groupId?: string;
}

export const DEFAULT_ADMIN_SESSION_FIELDS = [
  'id',
  'name',
  'type',
  'image',
  'status',
  'status_info',
  'status_changed',
  'created_at',
  'terminated_at',
  'domain_name',
  'group_name',
  'access_key',
  'user_email',
  'scaling_group',
  'cluster_size',
  'occupied_slots',
] as const;

const JSON_FIELDS = new Set([
  'last_stat',
  'occupied_slots',
  'requested_slots',
  'resource_opts',
  'service_ports',
  'status_data',
]);

/**
 * Compute sessions of every user through the admin GraphQL API (`compute_session`,
 * `compute_session_list`): what the caller's role lets it see, superadmins everything.
 */
export class SessionAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'ComputeSession', DEFAULT_ADMIN_SESSION_FIELDS, JSON_FIELDS);
  }

  /** `compute_session(id)`: one session by id, or null when there is none the caller may see. */
  get(sessionId: string, options: ReadOptions = {}): Promise<AdminSession | null> {
    return this.calls.one('compute_session', [{ name: 'id', type: 'UUID!', value: sessionId }], options);
  }

  /** `compute_session_list(limit, offset, order, status, access_key, domain_name, group_id)`: newest first. */
  page(options: ReadOptions & PageOptions & AdminSessionFilter = {}): Promise<ItemPage<AdminSession>> {
    return this.calls.page('compute_session_list', filterArguments(options), options);
  }
}

function filterArguments(filter: AdminSessionFilter): OperationArgument[] {
  const status = typeof filter.status === 'string' ? filter.status : filter.status?.join(',');
  return [
    { name: 'status', type: 'String', value: status === '' ? undefined : status },
    { name: 'access_key', type: 'String', value: filter.accessKey },
    { name: 'domain_name', type: 'String', value: filter.domainName },
    { name: 'group_id', type: 'String', value: filter.groupId },
  ];
}
