import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';
import type { ResourceGroupRow } from './resource-group.entity';

/**
 * A named resource request users pick from (`/resource/presets`). A preset without a resource
 * group is global; names are unique among the global presets and within each resource group.
 */
export interface ResourcePresetRow {
  id: string;
  name: string;
  resourceSlots: SlotsJSON;
  /** Bytes of /dev/shm; null leaves it to the agent's default. */
  sharedMemory: number | null;
  resourceGroup: ResourceGroupRow | null;
}

export const ResourcePresetEntity = new EntitySchema<ResourcePresetRow>({
  name: 'ResourcePreset',
  tableName: 'resource_presets',
  uniques: [
    { name: 'uq_resource_presets_name_resource_group', properties: ['name', 'resourceGroup'] },
    {
      name: 'uq_resource_presets_global_name',
      expression:
        'create unique index "uq_resource_presets_global_name" on "resource_presets" ("name") ' +
        'where "resource_group_name" is null',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 256 },
    resourceSlots: { type: 'json' },
    sharedMemory: { type: new BigIntType('number'), nullable: true },
    resourceGroup: {
      kind: 'm:1',
      entity: () => 'ResourceGroup',
      fieldName: 'resource_group_name',
      nullable: true,
      deleteRule: 'cascade',
    },
  },
});
