import {
  buildOperation,
  fromWire,
  runMutation,
  runOperation,
  selectionOf,
  toWire,
  type GraphqlCaller,
  type MutationResult,
  type OperationArgument,
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
  /** Parsed from the JSONString: per storage host, the permissions granted. */
  allowedVfolderHosts?: Record<string, unknown> | null;
  allowedDockerRegistries?: string[] | null;
  integrationId?: string | null;
  scalingGroups?: string[] | null;
}

export interface DomainProps {
  description?: string;
  isActive?: boolean;
  totalResourceSlots?: Record<string, unknown>;
  allowedVfolderHosts?: Record<string, unknown>;
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

const JSON_WIRE = new Set(['total_resource_slots', 'allowed_vfolder_hosts']);
const JSON_PROPS = new Set(['totalResourceSlots', 'allowedVfolderHosts']);

/** Domains through the admin GraphQL API (superadmins; a domain admin may read its own). */
export class DomainAdmin {
  constructor(private readonly caller: GraphqlCaller) {}

  /** `domain(name)`: null when there is none (without a name, the caller's own domain). */
  async get(name: string | undefined, options: ReadOptions = {}): Promise<Domain | null> {
    const operation = buildOperation(
      'query',
      'domain',
      [{ name: 'name', type: 'String', value: name }],
      selectionOf(options.fields ?? DEFAULT_DOMAIN_FIELDS, 'Domain'),
    );
    const found = await runOperation(this.caller, 'domain', operation, options.signal);
    return found === null ? null : fromWire<Domain>(found, JSON_WIRE);
  }

  /** `domains(is_active)`. */
  async list(options: ReadOptions & { isActive?: boolean } = {}): Promise<Domain[]> {
    const operation = buildOperation(
      'query',
      'domains',
      [{ name: 'is_active', type: 'Boolean', value: options.isActive }],
      selectionOf(options.fields ?? DEFAULT_DOMAIN_FIELDS, 'Domain'),
    );
    const found = await runOperation<unknown[] | null>(this.caller, 'domains', operation, options.signal);
    return (found ?? []).map((item) => fromWire<Domain>(item, JSON_WIRE));
  }

  /** `create_domain(name, props)`. */
  async create(name: string, props: DomainProps = {}, options: ReadOptions = {}): Promise<DomainMutation> {
    const fields = selectionOf(options.fields ?? DEFAULT_DOMAIN_FIELDS, 'Domain');
    return this.mutate(
      'create_domain',
      [
        { name: 'name', type: 'String!', value: name },
        { name: 'props', type: 'DomainInput!', value: toWire({ ...props }, JSON_PROPS) },
      ],
      `ok msg domain { ${fields} }`,
      options.signal,
    );
  }

  /** `modify_domain(name, props)`; `changes.name` renames it. */
  modify(
    name: string,
    changes: DomainChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.mutate(
      'modify_domain',
      [
        { name: 'name', type: 'String!', value: name },
        { name: 'props', type: 'ModifyDomainInput!', value: toWire({ ...changes }, JSON_PROPS) },
      ],
      'ok msg',
      options.signal,
    );
  }

  /** `delete_domain(name)`: the domain becomes inactive. */
  delete(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.mutate(
      'delete_domain',
      [{ name: 'name', type: 'String!', value: name }],
      'ok msg',
      options.signal,
    );
  }

  /** `purge_domain(name)`: removes it for good (refused while anything still belongs to it). */
  purge(name: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.mutate(
      'purge_domain',
      [{ name: 'name', type: 'String!', value: name }],
      'ok msg',
      options.signal,
    );
  }

  private mutate<T extends MutationResult>(
    field: string,
    args: OperationArgument[],
    selection: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return runMutation<T>(this.caller, field, args, selection, signal, JSON_WIRE);
  }
}
