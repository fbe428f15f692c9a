import {
  AreaOperations,
  propsArgument,
  type GraphqlCaller,
  type MutationResult,
  type OperationArgument,
  type ReadOptions,
} from './graphql-operation';

/** An image as the admin GraphQL API answers it (Backend.AI 22.09 `Image`), camelCase. */
export interface AdminImage {
  id?: string | null;
  name?: string | null;
  humanizedName?: string | null;
  tag?: string | null;
  registry?: string | null;
  architecture?: string | null;
  isLocal?: boolean | null;
  digest?: string | null;
  labels?: Array<{ key: string | null; value: string | null }> | null;
  aliases?: string[] | null;
  sizeBytes?: number | null;
  /** Per slot: min and max as decimal strings (`"Infinity"`: no maximum). */
  resourceLimits?: Array<{ key: string | null; min: string | null; max: string | null }> | null;
  supportedAccelerators?: string[] | null;
  installed?: boolean | null;
  installedAgents?: string[] | null;
  hash?: string | null;
}

/** What `modify_image` changes (upstream's ModifyImageInput); a member left out stays. */
export interface ImageChanges {
  name?: string;
  registry?: string;
  tag?: string;
  architecture?: string;
  sizeBytes?: number;
  type?: string;
  digest?: string;
  labels?: Array<{ key: string; value: string }>;
  supportedAccelerators?: string[];
  /** Replaces every limit; an empty or missing bound means none. */
  resourceLimits?: Array<{ key: string; min?: string; max?: string }>;
}

/** Options of the calls that name an image: its architecture (the manager's default: x86_64). */
export interface ArchitectureOption {
  architecture?: string;
  signal?: AbortSignal;
}

export const DEFAULT_IMAGE_FIELDS = [
  'name',
  'humanized_name',
  'tag',
  'registry',
  'architecture',
  'digest',
  'aliases',
  'size_bytes',
  'labels { key value }',
  'resource_limits { key min max }',
  'supported_accelerators',
  'installed',
  'installed_agents',
] as const;

const architectureArgument = (architecture: string | undefined): OperationArgument => ({
  name: 'architecture',
  type: 'String',
  value: architecture,
});
const stringArgument = (name: string, value: string): OperationArgument => ({ name, type: 'String!', value });

/**
 * Images through the admin GraphQL API: every signed user reads them (`image`, `images`; domain
 * admins and users only those of their domain's registries); superadmins alias, dealias, forget,
 * modify and clear them.
 */
export class ImageAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'Image', DEFAULT_IMAGE_FIELDS);
  }

  /** `image(reference, architecture)`: by canonical name or alias; the manager answers image-not-found for none. */
  get(reference: string, options: ReadOptions & { architecture?: string } = {}): Promise<AdminImage | null> {
    return this.calls.one(
      'image',
      [stringArgument('reference', reference), architectureArgument(options.architecture)],
      options,
    );
  }

  /** `images(is_installed, is_operation)`. */
  list(options: ReadOptions & { isInstalled?: boolean; isOperation?: boolean } = {}): Promise<AdminImage[]> {
    return this.calls.many(
      'images',
      [
        { name: 'is_installed', type: 'Boolean', value: options.isInstalled },
        { name: 'is_operation', type: 'Boolean', value: options.isOperation },
      ],
      options,
    );
  }

  /** `alias_image(alias, target, architecture)`. */
  alias(alias: string, target: string, options: ArchitectureOption = {}): Promise<MutationResult> {
    return this.calls.mutate(
      'alias_image',
      [
        stringArgument('alias', alias),
        stringArgument('target', target),
        architectureArgument(options.architecture),
      ],
      options.signal,
    );
  }

  /** `dealias_image(alias)`. */
  dealias(alias: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('dealias_image', [stringArgument('alias', alias)], options.signal);
  }

  /** `forget_image(reference, architecture)`: the image (named by canonical name or alias) and its aliases go. */
  forget(reference: string, options: ArchitectureOption = {}): Promise<MutationResult> {
    return this.calls.mutate(
      'forget_image',
      [stringArgument('reference', reference), architectureArgument(options.architecture)],
      options.signal,
    );
  }

  /** `modify_image(target, architecture, props)`. */
  modify(target: string, changes: ImageChanges, options: ArchitectureOption = {}): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_image',
      [
        stringArgument('target', target),
        architectureArgument(options.architecture),
        propsArgument('ModifyImageInput!', changes),
      ],
      options.signal,
    );
  }

  /**
   * Sets one slot's limits and keeps the others (`modify_image` replaces them all, so the current
   * ones are read first). An empty or missing bound means none.
   */
  async setResourceLimit(
    target: string,
    slot: string,
    limits: { min?: string; max?: string },
    options: ArchitectureOption = {},
  ): Promise<MutationResult> {
    const image = await this.get(target, { ...options, fields: ['name', 'resource_limits { key min max }'] });
    const kept = (image?.resourceLimits ?? [])
      .filter((limit) => limit.key !== null && limit.key !== slot)
      .map((limit) => ({
        key: limit.key!,
        min: limit.min ?? '',
        max: limit.max === 'Infinity' ? '' : (limit.max ?? ''),
      }));
    return this.modify(
      image?.name ?? target,
      { resourceLimits: [...kept, { key: slot, min: limits.min ?? '', max: limits.max ?? '' }] },
      options,
    );
  }

  /** `clear_images(registry)`: every image of the registry, with its aliases, goes. */
  clear(registry: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate(
      'clear_images',
      [{ name: 'registry', type: 'String', value: registry }],
      options.signal,
    );
  }
}
