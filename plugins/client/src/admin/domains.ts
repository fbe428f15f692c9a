import {
  AreaOperations,
  nameArgument,
  propsArgument,
  type GraphqlCaller,
  type MutationResult,
  type ReadOptions,
} from './graphql-operation';

/** A domain (api-spec §8.5), camelCase; absent when not asked for. */
export interface Domain {
  name: string;
  description?: string | null;
  isActive?: boolean;
  createdAt?: string;
  modifiedAt?: string;
  /** Parsed from the JSONString: `{cpu: "8", mem: "32g"}`. */
  totalResourceSlots?: Record<string, unknown> | null;
  /** Storage hosts (`proxy:volume`) it may use; each grants every vfolder permission. */
  allowedVfolderHosts?: string[] | null;
  allowedDockerRegistries?: string[] | null;
  integrationId?: string | null;
  scalingGroups?: string[] | null;
}

export interface DomainProps {
  description?: string;
  isActive?: boolean;
  totalResourceSlots?: Record<string, unknown>;
  allowedVfolderHosts?: string[];
  allowedDockerRegistries?: string[];
  integrationId?: string;
}

export interface DomainChanges extends DomainProps {
  /** Renames the domain. */
  name?: string;
}

export interface DomainMutation extends MutationResult {
  domain?: Domain | null;
}

export const DEFAULT_DOMAIN_FIELDS = [
  'name',
  'description',
  'is_active',
  'created_at',
  'modified_at',
  'total_resource_slots',
  'allowed_vfolder_hosts',
  'allowed_docker_registries',
  'integration_id',
  'scaling_groups',
] as const;

const JSON_WIRE = new Set(['total_resource_slots']);
const JSON_PROPS = new Set(['totalResourceSlots']);

/** Domains through the admin GraphQL API (superadmins; a domain admin may read its own). */
export class DomainAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'Domain', DEFAULT_DOMAIN_FIELDS, JSON_WIRE);
  }

  /** `domain(name)`: null when there is none (without a name, the caller's own domain). */
  get(name: string | undefined, options: ReadOptions = {}): Promise<Domain | null> {
    return this.calls.one('domain', [{ name: 'name', type: 'String', value: name }], options);
  }

  /** `domains(is_active)`. */
  list(options: ReadOptions & { isActive?: boolean } = {}): Promise<Domain[]> {
    return this.calls.many(
      'domains',
      [{ name: 'is_active', type: 'Boolean', value: options.isActive }],
      options,
    );
  }

  /** `create_domain(name, props)`. */
  create(name: string, props: DomainProps = {}, options: ReadOptions = {}): Promise<DomainMutation> {
    return this.calls.mutateItem(
      'create_domain',
      [nameArgument(name), propsArgument('DomainInput!', props, JSON_PROPS)],
      'domain',
      options,
    );
  }

  /** `modify_domain(name, props)`; `changes.name` renames it. */
  modify(
    name: string,
    changes: DomainChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_domain',
      [nameArgument(name), propsArgument('ModifyDomainInput!', changes, JSON_PROPS)],
      options.signal,
    );
  }

  /** `delete_domain(name)`: the domain becomes inactive. */
  delete(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('delete_domain', [nameArgument(name)], options.signal);
  }

  /** `purge_domain(name)`: removes it for good (refused while anything still belongs to it). */
  purge(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('purge_domain', [nameArgument(name)], options.signal);
  }
}
