import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { SlotsJSON } from '@tessera/core';
import { enumColumn, IMAGE_TYPES, type ImageType } from './enum-values';

/** A runnable image for one architecture, with its labels and the slots it needs at least and at most. */
export interface ImageRow {
  id: string;
  /** Canonical reference (`registry/project/name:tag`), unique per architecture. */
  name: string;
  /** Registry host (`cr.backend.ai`, `index.docker.io` for bare names). */
  registry: string;
  /** Repository path inside the registry (`stable/python`). */
  repository: string;
  tag: string;
  /** Content digest (`sha256:...`) once the image has been inspected. */
  digest: string | null;
  architecture: string;
  sizeBytes: number;
  type: ImageType;
  labels: Record<string, string>;
  /** Resource limits parsed from `ai.backend.resource.min.*` and `...max.*` labels. */
  minSlots: SlotsJSON;
  maxSlots: SlotsJSON;
  /** Accelerators it can use (`ai.backend.accelerators`). */
  accelerators: string[];
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
    // Defaults only so that an older SQLite file gains the columns; every write sets them.
    registry: { type: 'string', length: 256, default: '' },
    repository: { type: 'string', length: 256, default: '' },
    tag: { type: 'string', length: 128, default: '' },
    digest: { type: 'string', length: 128, nullable: true },
    architecture: { type: 'string', length: 32 },
    sizeBytes: { type: new BigIntType('number'), default: 0 },
    type: { ...enumColumn(IMAGE_TYPES), default: 'COMPUTE' },
    labels: { type: 'json' },
    minSlots: { type: 'json' },
    maxSlots: { type: 'json', default: '{}' },
    accelerators: { type: 'json', default: '[]' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    modifiedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
