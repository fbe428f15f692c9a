import { randomUUID } from 'node:crypto';
import type { ImageRecord, ImageRepository, Logger } from '@tessera/core';
import { ImageEntity } from '../entities';
import { minSlotsFromLabels } from '../images/min-slots-from-labels';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toImageRecord } from '../records/image-record';

export class OrmImageRepository implements ImageRepository {
  constructor(
    private readonly work: UnitOfWork,
    private readonly log: Logger,
  ) {}

  /**
   * Inserts new images and refreshes the labels of known ones. `minSlots` is always derived
   * from the `ai.backend.resource.min.*` labels (the record's own `minSlots` is not trusted), so
   * a label change on the image is what changes its minimum.
   */
  upsertMany(images: ImageRecord[]): Promise<void> {
    return this.work.transaction(async (em) => {
      for (const image of images) {
        const { minSlots, invalid } = minSlotsFromLabels(image.labels);
        for (const bad of invalid) {
          this.log.warn('image label ignored', {
            image: image.name,
            architecture: image.architecture,
            ...bad,
          });
        }
        const row = await em.findOne(ImageEntity, { name: image.name, architecture: image.architecture });
        if (row) {
          em.assign(row, { labels: { ...image.labels }, minSlots });
        } else {
          const now = new Date();
          em.create(ImageEntity, {
            id: randomUUID(),
            name: image.name,
            architecture: image.architecture,
            labels: { ...image.labels },
            minSlots,
            createdAt: now,
            modifiedAt: now,
          });
        }
        await em.flush();
      }
    });
  }

  find(name: string, architecture?: string): Promise<ImageRecord | null> {
    return this.work.read(async (em) => {
      const where = architecture === undefined ? { name } : { name, architecture };
      const row = await em.findOne(ImageEntity, where, { orderBy: { architecture: 'asc' } });
      return row ? toImageRecord(row) : null;
    });
  }

  list(): Promise<ImageRecord[]> {
    return this.work.read(async (em) => {
      const rows = await em.find(ImageEntity, {}, { orderBy: { name: 'asc', architecture: 'asc' } });
      return rows.map(toImageRecord);
    });
  }
}
