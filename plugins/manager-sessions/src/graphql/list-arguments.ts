import { SESSION_STATUSES, type SessionOrderKey, type SessionStatus } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/** `order_key` values of `compute_session_list`: the ComputeSession field names they sort by. */
const SESSION_ORDER_KEYS: Readonly<Record<string, SessionOrderKey>> = {
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

/** The sort key of an `order_key`, from the whitelist; absent or null means the default order. */
export function sessionOrderKey(orderKey: string | null | undefined): SessionOrderKey | undefined {
  if (orderKey === null || orderKey === undefined) return undefined;
  if (!Object.hasOwn(SESSION_ORDER_KEYS, orderKey)) {
    throw ManagerErrors.invalidParams(
      `Unknown order_key "${orderKey}"; use one of ${Object.keys(SESSION_ORDER_KEYS).join(', ')}`,
      { order_key: orderKey },
    );
  }
  return SESSION_ORDER_KEYS[orderKey];
}

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
    if (!known.has(name)) {
      throw ManagerErrors.invalidParams(
        `Unknown session status "${name}" in status; use one or more of ${SESSION_STATUSES.join(', ')}, comma-separated`,
        { status },
      );
    }
  }
  return [...new Set(names)] as SessionStatus[];
}
