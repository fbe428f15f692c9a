import { SESSION_STATUSES, type SessionOrderKey, type SessionStatus } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** `order_key` values of `compute_session_list`: the ComputeSession field names they sort by. */
export const SESSION_ORDER_KEYS: Readonly<Record<string, SessionOrderKey>> = {
  id: 'id',
  name: 'name',
  type: 'type',
  status: 'status',
  status_info: 'statusInfo',
  image: 'image',
  tag: 'tag',
  scaling_group: 'resourceGroup',
  domain_name: 'domainName',
  group_name: 'groupName',
  access_key: 'accessKey',
  user_id: 'userId',
  cluster_size: 'clusterSize',
  priority: 'priority',
  created_at: 'createdAt',
  status_changed: 'statusChanged',
  starts_at: 'startsAt',
  terminated_at: 'terminatedAt',
};

/**
 * Statuses of upstream 22.09's enum that Tessera never sets (its official clients name them in
 * their default filters, e.g. `backend.ai ps` sends RESIZING): accepted, and matching nothing.
 */
const UPSTREAM_ONLY_STATUSES: ReadonlySet<string> = new Set(['BUILDING', 'RESIZING', 'SUSPENDED']);

/**
 * The `status` argument: one status or a comma-separated list (the official SDK sends
 * "RUNNING,RESTARTING,TERMINATING,PENDING,..."). Absent, null or empty: no status filter.
 */
export function sessionStatuses(status: string | null | undefined): SessionStatus[] | undefined {
  if (status === null || status === undefined) return undefined;
  const names = status
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return undefined;
  const known = new Set<string>(SESSION_STATUSES);
  for (const name of names) {
    if (!known.has(name) && !UPSTREAM_ONLY_STATUSES.has(name)) {
      throw ManagerErrors.invalidParams(
        `Unknown session status "${name}" in status; use one or more of ${SESSION_STATUSES.join(', ')}, comma-separated`,
        { status },
      );
    }
  }
  // Statuses only upstream has match no Tessera session: a filter of nothing but those matches nothing.
  return [...new Set(names.filter((name) => known.has(name)))] as SessionStatus[];
}
