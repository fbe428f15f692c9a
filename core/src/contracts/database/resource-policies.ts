import type { SessionRecord } from './session-records';
import type { SlotsJSON } from './slots-json';

/** A keypair resource policy: what every keypair naming it may use. Zero counts mean unlimited. */
export interface KeypairResourcePolicyRecord {
  name: string;
  defaultForUnspecified: 'LIMITED' | 'UNLIMITED';
  totalResourceSlots: SlotsJSON;
  maxConcurrentSessions: number;
  maxConcurrentSftpSessions: number;
  /** Null: no limit on pending sessions. */
  maxPendingSessionCount: number | null;
  /** Null: no limit; otherwise only the slots listed are limited. */
  maxPendingSessionResourceSlots: SlotsJSON | null;
  maxContainersPerSession: number;
  maxPriority: number;
}

/** Who owns a session, as the quota checks look it up. */
export type SessionOwner = Pick<SessionRecord, 'accessKey' | 'userId' | 'domainName' | 'groupName'>;

/**
 * The limits that apply to some owners, for the scheduler's predicates. An owner missing from a
 * map has no limit at that level (no policy row, no main keypair, no such project or domain).
 */
export interface OwnerLimits {
  /** By access key: the keypair's resource policy. */
  keypairs: Record<string, KeypairResourcePolicyRecord>;
  /** By user id: the policy of the user's main keypair (upstream's user resource limit). */
  users: Record<string, KeypairResourcePolicyRecord>;
  /** By `<domain>/<project name>`: the project's `total_resource_slots` (unlisted slots unlimited). */
  projects: Record<string, SlotsJSON>;
  /** By domain name: the domain's `total_resource_slots` (unlisted slots unlimited). */
  domains: Record<string, SlotsJSON>;
}

export interface ResourcePolicyRepository {
  /** The keypair's resource policy, or null for an unknown keypair. */
  keypairPolicy(accessKey: string): Promise<KeypairResourcePolicyRecord | null>;
  /** Every limit that applies to these owners, in a few queries. */
  limitsOf(owners: readonly SessionOwner[]): Promise<OwnerLimits>;
}
