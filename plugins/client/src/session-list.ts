/** `compute_session_list` through `POST /admin/graphql` (docs/graphql.md). */

/** Fields `listSessions` asks for unless told otherwise. */
export const DEFAULT_SESSION_FIELDS = [
  'id',
  'name',
  'type',
  'image',
  'status',
  'status_info',
  'status_changed',
  'created_at',
  'group_name',
  'access_key',
  'occupied_slots',
] as const;

export interface ListSessionsOptions {
  /** One status, or several (`['RUNNING', 'PENDING']`); absent lists every status. */
  status?: string | string[];
  /** GraphQL field selection of `ComputeSession` (default DEFAULT_SESSION_FIELDS). */
  fields?: readonly string[];
  /** 1 to 100 (default 20). */
  limit?: number;
  offset?: number;
  /** A `ComputeSession` ordering key (`created_at`, `name`, ...); newest first without it. */
  orderKey?: string;
  orderAsc?: boolean;
  /** Another keypair's sessions (admins). */
  accessKey?: string;
  domainName?: string;
  /** Project (group) id. */
  groupId?: string;
  signal?: AbortSignal;
}

export interface SessionList {
  total_count: number;
  /** The fields asked for; JSON-string fields (slots, `status_data`) are left as strings. */
  items: Array<Record<string, unknown>>;
}

export const SESSION_LIST_QUERY = `query($limit: Int!, $offset: Int!, $status: String, $order_key: String,
  $order_asc: Boolean, $access_key: String, $domain_name: String, $group_id: String) {
  compute_session_list(limit: $limit, offset: $offset, status: $status, order_key: $order_key,
    order_asc: $order_asc, access_key: $access_key, domain_name: $domain_name, group_id: $group_id) {
    total_count
    items { FIELDS }
  }
}`;
