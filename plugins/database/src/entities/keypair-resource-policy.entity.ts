import { EntitySchema } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';

/** How slots missing from `totalResourceSlots` are treated. */
export type DefaultForUnspecified = 'LIMITED' | 'UNLIMITED';

/** Limits shared by every keypair that names this policy. Zero counts mean unlimited. */
export interface KeypairResourcePolicyRow {
  name: string;
  defaultForUnspecified: DefaultForUnspecified;
  totalResourceSlots: SlotsJSON;
  maxSessionLifetime: number;
  maxConcurrentSessions: number;
  maxPendingSessionCount: number | null;
  maxPendingSessionResourceSlots: SlotsJSON | null;
  maxContainersPerSession: number;
  maxPriority: number;
  /** Seconds; 0 disables the idle timeout. */
  idleTimeout: number;
  allowedVfolderHosts: string[];
  createdAt: Date;
}

export const KeypairResourcePolicyEntity = new EntitySchema<KeypairResourcePolicyRow>({
  name: 'KeypairResourcePolicy',
  tableName: 'keypair_resource_policies',
  properties: {
    name: { type: 'string', length: 256, primary: true },
    defaultForUnspecified: { type: 'string', length: 16, default: 'UNLIMITED' },
    totalResourceSlots: { type: 'json' },
    maxSessionLifetime: { type: 'integer', default: 0 },
    maxConcurrentSessions: { type: 'integer', default: 0 },
    maxPendingSessionCount: { type: 'integer', nullable: true },
    maxPendingSessionResourceSlots: { type: 'json', nullable: true },
    maxContainersPerSession: { type: 'integer', default: 1 },
    maxPriority: { type: 'integer', default: 10 },
    idleTimeout: { type: 'integer', default: 0 },
    allowedVfolderHosts: { type: 'json' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
