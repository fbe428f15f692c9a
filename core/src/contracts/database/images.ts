import type { SlotsJSON } from './slots-json';

export interface ImageRecord {
  name: string;
  architecture: string;
  labels: Record<string, string>;
  /** Minimum slots from `ai.backend.resource.min.*` labels. */
  minSlots: SlotsJSON;
  /** The config digest (`sha256:...`) a registry scan found; `upsertMany` keeps the stored one when absent. */
  digest?: string | null;
  /** Layers plus config, in bytes, as a registry scan found them; kept when absent. */
  sizeBytes?: number;
  /** Aliases that name this image (`image_aliases`); filled by `list` and `find`, ignored by `upsertMany`. */
  aliases?: string[];
}

/** An image as the admin API shows it: the stored row, its aliases and the alive agents that have it. */
export interface ImageDetails {
  id: string;
  name: string;
  architecture: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string | null;
  sizeBytes: number;
  type: string;
  labels: Record<string, string>;
  minSlots: SlotsJSON;
  maxSlots: SlotsJSON;
  accelerators: string[];
  aliases: string[];
  /** ALIVE agents whose last heartbeat listed the image, by id. */
  installedAgents: string[];
}

/** What `modify_image` may change; a field left out stays. */
export interface ImageChanges {
  name?: string;
  registry?: string;
  tag?: string;
  architecture?: string;
  sizeBytes?: number;
  type?: string;
  digest?: string | null;
  labels?: Record<string, string>;
  accelerators?: string[];
  /** Replaces both limits: per slot, the minimum and maximum as decimal strings (absent: none). */
  resourceLimits?: Record<string, { min?: string; max?: string }>;
}

export interface ImageRepository {
  upsertMany(images: ImageRecord[]): Promise<void>;
  find(name: string, architecture?: string): Promise<ImageRecord | null>;
  list(): Promise<ImageRecord[]>;
  /** Every image with aliases and installing agents, by name then architecture. */
  listDetails(): Promise<ImageDetails[]>;
  /**
   * The image a reference names for an architecture: the canonical name first, then an alias
   * (whatever the architecture of its target); null when neither matches.
   */
  resolveDetails(reference: string, architecture: string): Promise<ImageDetails | null>;
  /** Makes `alias` name the image; object-not-found for an unknown image, object-already-exists for a used alias. */
  addAlias(alias: string, target: string, architecture: string): Promise<void>;
  /** Removes an alias; object-not-found when there is none. */
  removeAlias(alias: string): Promise<void>;
  /** Deletes the image a reference (name or alias) names, with its aliases; object-not-found when none. */
  forget(reference: string, architecture: string): Promise<void>;
  /** Changes the image named exactly by `target`; object-not-found when none, object-already-exists on a rename clash. */
  modify(target: string, architecture: string, changes: ImageChanges): Promise<void>;
  /** Deletes every image of a registry with their aliases; answers how many went. */
  clearRegistry(registry: string): Promise<number>;
  /** Records the images an agent's heartbeat listed (replacing what it listed before). */
  recordInstalled(
    agentId: string,
    images: ReadonlyArray<Pick<ImageRecord, 'name' | 'architecture'>>,
  ): Promise<void>;
}
