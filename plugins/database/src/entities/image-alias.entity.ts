import { EntitySchema } from '@mikro-orm/core';
import type { ImageRow } from './image.entity';

/** A short name users may type instead of an image's canonical reference (`python` -> `cr.backend.ai/...`). */
export interface ImageAliasRow {
  alias: string;
  image: ImageRow;
}

export const ImageAliasEntity = new EntitySchema<ImageAliasRow>({
  name: 'ImageAlias',
  tableName: 'image_aliases',
  properties: {
    alias: { type: 'string', length: 256, primary: true },
    image: { kind: 'm:1', entity: () => 'Image', fieldName: 'image', deleteRule: 'cascade' },
  },
});
