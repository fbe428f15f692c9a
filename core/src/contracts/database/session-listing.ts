import type { SessionStatus } from '../../domain/statuses';
import type { KernelRecord, SessionRecord } from './session-records';

/** What `SessionRepository.list` may order by (SessionRecord field names); ties go by id. */
export type SessionOrderKey =
  | 'id'
  | 'name'
  | 'type'
  | 'status'
  | 'statusInfo'
  | 'image'
  | 'tag'
  | 'resourceGroup'
  | 'domainName'
  | 'groupName'
  | 'accessKey'
  | 'userId'
  | 'clusterSize'
  | 'priority'
  | 'createdAt'
  | 'statusChanged'
  | 'startsAt'
  | 'terminatedAt';

/** Which sessions `SessionRepository.list` answers: every filter given must hold. */
export interface SessionListQuery {
  /** Only sessions with these ids (an empty list, or ids that are not UUIDs, match nothing). */
  ids?: readonly string[];
  /** Only the session that owns this kernel. */
  kernelId?: string;
  accessKey?: string;
  domainName?: string;
  /** A project's id: the sessions of that project (an unknown id matches nothing). */
  groupId?: string;
  /** Only sessions in one of these statuses (an empty list matches nothing). */
  statuses?: readonly SessionStatus[];
  /** Default `createdAt`. Text keys sort by the database's collation; nulls sort as the largest value. */
  orderBy?: SessionOrderKey;
  /** Default false: descending (newest first with the default key). */
  ascending?: boolean;
  /** Page size and start, non-negative integers (SQL LIMIT and OFFSET). */
  limit: number;
  offset: number;
}

/** A kernel as the admin listing shows it: the record plus its own timestamps and last stats. */
export interface ListedKernel extends KernelRecord {
  createdAt: Date;
  terminatedAt: Date | null;
  /** The last resource usage the agent reported (null before the first report). */
  lastStat: Record<string, unknown> | null;
}

/** A session as the admin listing shows it: the record plus what the listing joins in. */
export interface ListedSession extends SessionRecord {
  /** When the status last changed. */
  statusChanged: Date;
  /** The owner's e-mail; null when no user row has the session's `userId`. */
  userEmail: string | null;
  /** The id of the session's project (`groupName` in `domainName`); null when there is no such project. */
  groupId: string | null;
  kernels: ListedKernel[];
}

/** One page of `SessionRepository.list`. */
export interface SessionPage {
  /** Every session matching the filters, regardless of limit and offset. */
  totalCount: number;
  items: ListedSession[];
}
