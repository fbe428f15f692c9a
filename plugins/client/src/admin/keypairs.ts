import {
  AreaOperations,
  domainNameArgument,
  propsArgument,
  type GraphqlCaller,
  type ItemPage,
  type MutationResult,
  type OperationArgument,
  type PageOptions,
  type ReadOptions,
} from './graphql-operation';

/** A keypair (api-spec §8.11), camelCase; absent when not asked for. */
export interface Keypair {
  /** The owner's e-mail (upstream's legacy user id). */
  userId?: string;
  fullName?: string | null;
  accessKey?: string;
  /** Only in what `create` answers; not asked for by the reads unless `fields` names it. */
  secretKey?: string | null;
  isActive?: boolean;
  isAdmin?: boolean;
  resourcePolicy?: string;
  createdAt?: string;
  lastUsed?: string | null;
  rateLimit?: number;
  numQueries?: number;
  concurrencyUsed?: number;
  /** The owner's UUID. */
  user?: string;
  sshPublicKey?: string | null;
  /** Whether it is its user's main keypair. */
  isMain?: boolean;
}

export interface KeypairProps {
  resourcePolicy: string;
  rateLimit: number;
  isActive?: boolean;
  isAdmin?: boolean;
}

export type KeypairChanges = Partial<KeypairProps>;

export interface KeypairMutation extends MutationResult {
  keypair?: Keypair | null;
}

export interface KeypairFilter {
  domainName?: string;
  /** The owner's e-mail. */
  email?: string;
  isActive?: boolean;
}

export const DEFAULT_KEYPAIR_FIELDS = [
  'user_id',
  'access_key',
  'is_active',
  'is_admin',
  'resource_policy',
  'created_at',
  'last_used',
  'rate_limit',
  'num_queries',
  'concurrency_used',
  'user',
  'is_main',
] as const;

/** Keypairs through the admin GraphQL API. */
export class KeypairAdmin {
  private readonly calls: AreaOperations;

  constructor(caller: GraphqlCaller) {
    this.calls = new AreaOperations(caller, 'KeyPair', DEFAULT_KEYPAIR_FIELDS);
  }

  /** `keypair(domain_name, access_key)`: without an access key, the caller's own keypair. */
  get(
    accessKey: string | undefined,
    options: ReadOptions & { domainName?: string } = {},
  ): Promise<Keypair | null> {
    return this.calls.one(
      'keypair',
      [domainNameArgument(options.domainName), { name: 'access_key', type: 'String', value: accessKey }],
      options,
    );
  }

  /** `keypairs(domain_name, email, is_active)`: the legacy list without paging. */
  list(options: ReadOptions & KeypairFilter = {}): Promise<Keypair[]> {
    return this.calls.many('keypairs', filterArguments(options), options);
  }

  /** `keypair_list(limit, offset, order, domain_name, email, is_active)`. */
  page(options: ReadOptions & PageOptions & KeypairFilter = {}): Promise<ItemPage<Keypair>> {
    return this.calls.page('keypair_list', filterArguments(options), options);
  }

  /** `create_keypair(user_id, props)`: a new keypair for the user with that e-mail, its secret key included. */
  create(userEmail: string, props: KeypairProps, options: ReadOptions = {}): Promise<KeypairMutation> {
    return this.calls.mutateItem(
      'create_keypair',
      [{ name: 'user_id', type: 'String!', value: userEmail }, propsArgument('KeyPairInput!', props)],
      'keypair',
      { ...options, fields: options.fields ?? [...DEFAULT_KEYPAIR_FIELDS, 'secret_key'] },
    );
  }

  /** `modify_keypair(access_key, props)`. */
  modify(
    accessKey: string,
    changes: KeypairChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return this.calls.mutate(
      'modify_keypair',
      [accessKeyArgument(accessKey), propsArgument('ModifyKeyPairInput!', changes)],
      options.signal,
    );
  }

  /** `delete_keypair(access_key)` (a user's main keypair cannot be deleted). */
  delete(accessKey: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return this.calls.mutate('delete_keypair', [accessKeyArgument(accessKey)], options.signal);
  }
}

function accessKeyArgument(accessKey: string): OperationArgument {
  return { name: 'access_key', type: 'String!', value: accessKey };
}

function filterArguments(filter: KeypairFilter): OperationArgument[] {
  return [
    domainNameArgument(filter.domainName),
    { name: 'email', type: 'String', value: filter.email },
    { name: 'is_active', type: 'Boolean', value: filter.isActive },
  ];
}
