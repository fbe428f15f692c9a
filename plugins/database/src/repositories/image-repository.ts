import { randomUUID } from 'node:crypto';
import type { ImageRecord, ImageRepository, Logger } from '@tessera/core';
import { IMAGE_TYPES, ImageEntity, type ImageRow, type ImageType } from '../entities';
import { parseImageReference } from '../images/image-reference';
import { slotLimitsFromLabels } from '../images/min-slots-from-labels';
import type { UnitOfWork } from '../orm/unit-of-work';
import { toImageRecord } from '../records/image-record';

export class OrmImageRepository implements ImageRepository {
  constructor(
    private readonly work: UnitOfWork,
    private readonly log: Logger,
  ) {}

  /**
   * Inserts new images and refreshes the labels of known ones. Resource limits are always derived
   * from the `ai.backend.resource.min.*` / `max.*` labels (the record's own `minSlots` is not
   * trusted), so a label change on the image is what changes its limits.
   */
  upsertMany(images: ImageRecord[]): Promise<void> {
    return this.work.transaction(async (em) => {
      for (const image of images) {
        const derived = this.fromLabels(image);
        const row = await em.findOne(ImageEntity, { name: image.name, architecture: image.architecture });
        const { registry, repository, tag, digest } = parseImageReference(image.name);
        if (row) {
          em.assign(row, { registry, repository, tag, ...derived });
        } else {
          const now = new Date();
          const fresh: ImageRow = {
            id: randomUUID(),
            name: image.name,
            architecture: image.architecture,
            registry,
            repository,
            tag,
            digest,
            sizeBytes: 0,
            ...derived,
            createdAt: now,
            modifiedAt: now,
          };
          em.create(ImageEntity, fresh);
        }
        await em.flush();
      }
    });
  }

  /** What the labels say: limits, kind and accelerators. Unreadable limits are logged and skipped. */
  private fromLabels(
    image: ImageRecord,
  ): Pick<ImageRow, 'labels' | 'minSlots' | 'maxSlots' | 'type' | 'accelerators'> {
    const { minSlots, maxSlots, invalid } = slotLimitsFromLabels(image.labels);
    for (const bad of invalid) {
      this.log.warn('image label ignored', { image: image.name, architecture: image.architecture, ...bad });
    }
    const role = image.labels['ai.backend.role'];
    const accelerators = image.labels['ai.backend.accelerators'] ?? '';
    return {
      labels: { ...image.labels },
      minSlots,
      maxSlots,
      type: IMAGE_TYPES.includes(role as ImageType) ? (role as ImageType) : 'COMPUTE',
      accelerators: accelerators
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    };
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
