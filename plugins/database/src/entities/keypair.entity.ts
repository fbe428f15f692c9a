import { EntitySchema } from '@mikro-orm/core';
import type { KeypairResourcePolicyRow } from './keypair-resource-policy.entity';
import type { UserRow } from './user.entity';

/** An API credential: requests are signed with the secret key and identified by the access key. */
export interface KeypairRow {
  accessKey: string;
  secretKey: string;
  user: UserRow;
  isActive: boolean;
  /** Grants admin-level API calls (`owner_access_key`, list filters). */
  isAdmin: boolean;
  /** Requests per 15-minute window; 0 means unlimited. */
  rateLimit: number;
  resourcePolicy: KeypairResourcePolicyRow;
  /** The SSH keypair installed into the owner's sessions. */
  sshPublicKey: string | null;
  sshPrivateKey: string | null;
  numQueries: number;
  lastUsed: Date | null;
  createdAt: Date;
}

export const KeypairEntity = new EntitySchema<KeypairRow>({
  name: 'Keypair',
  tableName: 'keypairs',
  properties: {
    accessKey: { type: 'string', length: 20, primary: true },
    secretKey: { type: 'string', length: 40 },
    user: { kind: 'm:1', entity: () => 'User', fieldName: 'user', index: 'ix_keypairs_user' },
    isActive: { type: 'boolean', default: true, index: 'ix_keypairs_is_active' },
    isAdmin: { type: 'boolean', default: false },
    rateLimit: { type: 'integer', default: 0 },
    resourcePolicy: { kind: 'm:1', entity: () => 'KeypairResourcePolicy', fieldName: 'resource_policy' },
    sshPublicKey: { type: 'text', nullable: true },
    sshPrivateKey: { type: 'text', nullable: true },
    numQueries: { type: 'integer', default: 0 },
    lastUsed: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
