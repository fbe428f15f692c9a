import type { ImageRecord } from '@tessera/core';
import type { ImageRow } from '../entities';

export function toImageRecord(row: ImageRow): ImageRecord {
  return {
    name: row.name,
    architecture: row.architecture,
    labels: { ...row.labels },
    minSlots: { ...row.minSlots },
    digest: row.digest,
    sizeBytes: row.sizeBytes,
  };
}
