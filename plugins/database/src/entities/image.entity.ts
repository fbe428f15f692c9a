import { EntitySchema } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';

/** A runnable image for one architecture, with its labels and the slots it needs at least. */
export interface ImageRow {
  id: string;
  /** Canonical name (`registry/project/name:tag`). */
  name: string;
  architecture: string;
  labels: Record<string, string>;
  /** Parsed from the `ai.backend.resource.min.*` labels. */
  minSlots: SlotsJSON;
  createdAt: Date;
  modifiedAt: Date;
}

export const ImageEntity = new EntitySchema<ImageRow>({
  name: 'Image',
  tableName: 'images',
  uniques: [{ name: 'uq_images_name_architecture', properties: ['name', 'architecture'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 512 },
    architecture: { type: 'string', length: 32 },
    labels: { type: 'json' },
    minSlots: { type: 'json' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
