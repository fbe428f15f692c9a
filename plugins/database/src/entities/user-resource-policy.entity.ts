import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Limits on what a user owns across all of their keypairs. -1 sizes are unlimited. */
export interface UserResourcePolicyRow {
  name: string;
  maxVfolderCount: number;
  /** Bytes of the user's quota scope; -1 is unlimited. */
  maxQuotaScopeSize: number;
  maxSessionCountPerModelSession: number;
  maxCustomizedImageCount: number;
  createdAt: Date;
}

export const UserResourcePolicyEntity = new EntitySchema<UserResourcePolicyRow>({
  name: 'UserResourcePolicy',
  tableName: 'user_resource_policies',
  properties: {
    name: { type: 'string', length: 256, primary: true },
    maxVfolderCount: { type: 'integer', default: 0 },
    maxQuotaScopeSize: { type: new BigIntType('number'), default: -1 },
    maxSessionCountPerModelSession: { type: 'integer', default: 10 },
    maxCustomizedImageCount: { type: 'integer', default: 3 },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
