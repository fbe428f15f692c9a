import type { KeypairResourcePolicyRecord } from '@tessera/core';
import type { KeypairResourcePolicyRow } from '../entities';

export function toKeypairResourcePolicyRecord(row: KeypairResourcePolicyRow): KeypairResourcePolicyRecord {
  return {
    name: row.name,
    defaultForUnspecified: row.defaultForUnspecified,
    totalResourceSlots: { ...row.totalResourceSlots },
    maxConcurrentSessions: row.maxConcurrentSessions,
    maxConcurrentSftpSessions: row.maxConcurrentSftpSessions,
    maxPendingSessionCount: row.maxPendingSessionCount,
    maxPendingSessionResourceSlots: row.maxPendingSessionResourceSlots
      ? { ...row.maxPendingSessionResourceSlots }
      : null,
    maxContainersPerSession: row.maxContainersPerSession,
    maxPriority: row.maxPriority,
  };
}
