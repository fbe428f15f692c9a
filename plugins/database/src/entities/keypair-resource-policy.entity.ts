import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';
import type { VfolderHostPermissions } from './domain.entity';
import { DEFAULT_FOR_UNSPECIFIED_VALUES, enumColumn, type DefaultForUnspecified } from './enum-values';

/** Limits shared by every keypair that names this policy. Zero counts mean unlimited. */
export interface KeypairResourcePolicyRow {
  name: string;
  defaultForUnspecified: DefaultForUnspecified;
  totalResourceSlots: SlotsJSON;
  /** Seconds a session may live; 0 is forever. */
  maxSessionLifetime: number;
  maxConcurrentSessions: number;
  maxConcurrentSftpSessions: number;
  /** Null means no limit on pending sessions. */
  maxPendingSessionCount: number | null;
  maxPendingSessionResourceSlots: SlotsJSON | null;
  maxContainersPerSession: number;
  /** The highest session priority a keypair of this policy may ask for. */
  maxPriority: number;
  /** Seconds; 0 disables the idle timeout. */
  idleTimeout: number;
  allowedVfolderHosts: VfolderHostPermissions;
  maxVfolderCount: number;
  /** Bytes; 0 is unlimited. */
  maxVfolderSize: number;
  /** Folders a session may name in `mounts`/`mount_map` (Tessera's; 0 is unlimited). */
  maxVfolderMounts: number;
  createdAt: Date;
}

export const KeypairResourcePolicyEntity = new EntitySchema<KeypairResourcePolicyRow>({
  name: 'KeypairResourcePolicy',
  tableName: 'keypair_resource_policies',
  properties: {
    name: { type: 'string', length: 256, primary: true },
    defaultForUnspecified: { ...enumColumn(DEFAULT_FOR_UNSPECIFIED_VALUES), default: 'UNLIMITED' },
    totalResourceSlots: { type: 'json' },
    maxSessionLifetime: { type: 'integer', default: 0 },
    maxConcurrentSessions: { type: 'integer', default: 0 },
    maxConcurrentSftpSessions: { type: 'integer', default: 1 },
    maxPendingSessionCount: { type: 'integer', nullable: true },
    maxPendingSessionResourceSlots: { type: 'json', nullable: true },
    maxContainersPerSession: { type: 'integer', default: 1 },
    maxPriority: { type: 'integer', default: 10 },
    idleTimeout: { type: 'integer', default: 0 },
    allowedVfolderHosts: { type: 'json' },
    maxVfolderCount: { type: 'integer', default: 0 },
    maxVfolderSize: { type: new BigIntType('number'), default: 0 },
    maxVfolderMounts: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
