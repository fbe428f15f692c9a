import type { SlotsJSON } from './slots-json';

export interface ImageRecord {
  name: string;
  architecture: string;
  labels: Record<string, string>;
  /** Minimum slots from `ai.backend.resource.min.*` labels. */
  minSlots: SlotsJSON;
}

export interface ImageRepository {
  upsertMany(images: ImageRecord[]): Promise<void>;
  find(name: string, architecture?: string): Promise<ImageRecord | null>;
  list(): Promise<ImageRecord[]>;
}
