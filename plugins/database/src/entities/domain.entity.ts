import { EntitySchema } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';

/** Volume name (`host:volume`) -> what members may do there (`create-vfolder`, `mount-in-session`, ...). */
export type VfolderHostPermissions = Record<string, string[]>;

/** A tenant boundary (Backend.AI's domain): projects and users belong to exactly one. */
export interface DomainRow {
  name: string;
  description: string | null;
  isActive: boolean;
  /** Slot limits for the whole domain; a slot not listed is unlimited. */
  totalResourceSlots: SlotsJSON;
  allowedVfolderHosts: VfolderHostPermissions;
  /** Registry host names whose images members may run (`cr.backend.ai`). */
  allowedDockerRegistries: string[];
  integrationId: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

export const DomainEntity = new EntitySchema<DomainRow>({
  name: 'Domain',
  tableName: 'domains',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    description: { type: 'text', nullable: true },
    isActive: { type: 'boolean', default: true },
    totalResourceSlots: { type: 'json' },
    allowedVfolderHosts: { type: 'json' },
    allowedDockerRegistries: { type: 'json' },
    integrationId: { type: 'string', length: 512, nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
