import {
  AreaOperations,
  nameArgument,
  propsArgument,
  type GraphqlCaller,
  type MutationResult,
  type ReadOptions,
} from './graphql-operation';

/** A resource preset as the admin GraphQL API answers it (api-spec §8.7), camelCase. */
export interface AdminResourcePreset {
  name: string;
  /** Slot name to amount (exact decimal strings), parsed from the JSONString. */
  resourceSlots?: Record<string, unknown> | null;
  /** Bytes of /dev/shm; null leaves it to the agent. */
  sharedMemory?: number | null;
}

export interface ResourcePresetProps {
  /** Slot name to amount: numbers or strings, sizes (`"4g"`) for memory slots. */
  resourceSlots: Record<string, unknown>;
  /** A size such as `"512m"` or `"1g"`. */
  sharedMemory?: string;
}

/** What modify changes: a member left out stays; `sharedMemory: ""` clears it. */
export type ResourcePresetChanges = Partial<ResourcePresetProps>;

export interface ResourcePresetMutation extends MutationResult {
  resourcePreset?: AdminResourcePreset | null;
}

export const DEFAULT_RESOURCE_PRESET_FIELDS = ['name', 'resource_slots', 'shared_memory'] as const;

const JSON_WIRE: ReadonlySet<string> = new Set(['resource_slots']);
const JSON_PROPS: ReadonlySet<string> = new Set(['resourceSlots']);

/**
 * Resource presets through the admin GraphQL API: every signed user reads them
 * (`resource_preset(name)`, `resource_presets`); superadmins create, modify and delete them.
 */
export class ResourcePresetAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'ResourcePreset', DEFAULT_RESOURCE_PRESET_FIELDS, JSON_WIRE);
  }

  /** `resource_preset(name)`; null when there is none. */
  get(name: string, options: ReadOptions = {}): Promise<AdminResourcePreset | null> {
    return this.calls.one('resource_preset', [nameArgument(name)], options);
  }

  /** `resource_presets`. */
  list(options: ReadOptions = {}): Promise<AdminResourcePreset[]> {
    return this.calls.many('resource_presets', [], options);
  }

  /** `create_resource_preset(name, props)`. */
  create(
    name: string,
    props: ResourcePresetProps,
    options: ReadOptions = {},
  ): Promise<ResourcePresetMutation> {
    return this.calls.mutateItem(
      'create_resource_preset',
      [nameArgument(name), propsArgument('CreateResourcePresetInput!', props, JSON_PROPS)],
      'resource_preset',
      options,
    );
  }

  /** `modify_resource_preset(name, props)` (answers `{ok, msg}`, as upstream's payload has no more). */
  modify(
    name: string,
    changes: ResourcePresetChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_resource_preset',
      [nameArgument(name), propsArgument('ModifyResourcePresetInput!', changes, JSON_PROPS)],
      options.signal,
    );
  }

  /** `delete_resource_preset(name)`. */
  delete(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('delete_resource_preset', [nameArgument(name)], options.signal);
  }
}
