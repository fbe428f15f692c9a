import { BackendClientError } from '../errors';
import {
  AreaOperations,
  buildOperation,
  fromWire,
  propsArgument,
  runOperation,
  type GraphqlCaller,
  type OperationArgument,
  type ReadOptions,
} from './graphql-operation';

/** A container registry's settings as the admin API answers them; `password` is `"*****"` or null. */
export interface ContainerRegistryConfig {
  url: string;
  /** `docker`, `harbor`, `harbor2` or `local`. */
  type: string;
  project?: string[] | null;
  username?: string | null;
  /** `"*****"` when a password is set, null when none: the manager never answers the password. */
  password?: string | null;
  sslVerify?: boolean | null;
}

export interface ContainerRegistry {
  id?: string;
  hostname: string;
  config?: ContainerRegistryConfig | null;
}

/** What create sends: url and type required. */
export interface ContainerRegistryProps {
  url: string;
  type: 'docker' | 'harbor' | 'harbor2' | 'local' | (string & {});
  project?: string[];
  username?: string;
  password?: string;
  sslVerify?: boolean;
}

/** What modify changes: a member left out stays; `username: ""` / `password: ""` clear them. */
export type ContainerRegistryChanges = Partial<ContainerRegistryProps>;

/** What `rescan_images` answers: the task to follow with `client.backgroundTaskEvents(taskId)`. */
export interface RescanImagesResult {
  ok: boolean;
  msg: string | null;
  taskId: string | null;
}

export const DEFAULT_CONTAINER_REGISTRY_FIELDS = [
  'hostname',
  'config { url type project username password ssl_verify }',
] as const;

function hostnameArgument(hostname: string): OperationArgument {
  return { name: 'hostname', type: 'String!', value: hostname };
}

/**
 * Container registries through the admin GraphQL API (superadmins only): `container_registry`,
 * `container_registries` and create / modify / delete, each answering the registry; and
 * `rescan_images`, which starts a background task and answers its id.
 */
export class ContainerRegistryAdmin {
  private readonly calls: AreaOperations;

  constructor(private readonly caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'ContainerRegistry', DEFAULT_CONTAINER_REGISTRY_FIELDS);
  }

  /** `container_registry(hostname)`; null when there is none. */
  get(hostname: string, options: ReadOptions = {}): Promise<ContainerRegistry | null> {
    return this.calls.one('container_registry', [hostnameArgument(hostname)], options);
  }

  /** `container_registries`. */
  list(options: ReadOptions = {}): Promise<ContainerRegistry[]> {
    return this.calls.many('container_registries', [], options);
  }

  /** `create_container_registry(hostname, props)`: the registry as stored. */
  create(
    hostname: string,
    props: ContainerRegistryProps,
    options: ReadOptions = {},
  ): Promise<ContainerRegistry> {
    return this.write(
      'create_container_registry',
      [hostnameArgument(hostname), propsArgument('CreateContainerRegistryInput!', props)],
      options,
    );
  }

  /** `modify_container_registry(hostname, props)`: the registry as modified. */
  modify(
    hostname: string,
    changes: ContainerRegistryChanges,
    options: ReadOptions = {},
  ): Promise<ContainerRegistry> {
    return this.write(
      'modify_container_registry',
      [hostnameArgument(hostname), propsArgument('ModifyContainerRegistryInput!', changes)],
      options,
    );
  }

  /** `delete_container_registry(hostname)`: the registry as it was. */
  delete(hostname: string, options: ReadOptions = {}): Promise<ContainerRegistry> {
    return this.write('delete_container_registry', [hostnameArgument(hostname)], options);
  }

  /** `rescan_images(registry)`: starts the scan of one registry (every one when left out). */
  async rescan(registry?: string, options: { signal?: AbortSignal } = {}): Promise<RescanImagesResult> {
    const operation = buildOperation(
      'mutation',
      'rescan_images',
      [{ name: 'registry', type: 'String', value: registry }],
      'ok msg task_id',
    );
    const payload = await runOperation<Record<string, unknown> | null>(
      this.caller,
      'rescan_images',
      operation,
      options.signal,
    );
    if (!payload)
      throw new BackendClientError('bad-response', 'the manager answered rescan_images without a result');
    return {
      ok: payload['ok'] === true,
      msg: (payload['msg'] as string | null | undefined) ?? null,
      taskId: (payload['task_id'] as string | null | undefined) ?? null,
    };
  }

  private async write(
    field: string,
    args: readonly OperationArgument[],
    options: ReadOptions,
  ): Promise<ContainerRegistry> {
    const selection = `container_registry { ${this.calls.selection(options.fields)} }`;
    const payload = await runOperation<{ container_registry?: unknown } | null>(
      this.caller,
      field,
      buildOperation('mutation', field, args, selection),
      options.signal,
    );
    if (!payload?.container_registry)
      throw new BackendClientError('bad-response', `the manager answered ${field} without the registry`);
    return fromWire<ContainerRegistry>(payload.container_registry);
  }
}
