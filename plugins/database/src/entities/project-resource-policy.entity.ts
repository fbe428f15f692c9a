import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Limits on what a project owns. -1 sizes are unlimited. */
export interface ProjectResourcePolicyRow {
  name: string;
  maxVfolderCount: number;
  /** Bytes of the project's quota scope; -1 is unlimited. */
  maxQuotaScopeSize: number;
  maxNetworkCount: number;
  createdAt: Date;
}

export const ProjectResourcePolicyEntity = new EntitySchema<ProjectResourcePolicyRow>({
  name: 'ProjectResourcePolicy',
  tableName: 'project_resource_policies',
  properties: {
    name: { type: 'string', length: 256, primary: true },
    maxVfolderCount: { type: 'integer', default: 0 },
    maxQuotaScopeSize: { type: new BigIntType('number'), default: -1 },
    maxNetworkCount: { type: 'integer', default: 3 },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
