import {
  buildOperation,
  fromWire,
  pageArguments,
  pageFromWire,
  runMutation,
  runOperation,
  selectionOf,
  toWire,
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
] as const;

/** Keypairs through the admin GraphQL API. */
export class KeypairAdmin {
  constructor(private readonly caller: GraphqlCaller) {}

  /** `keypair(domain_name, access_key)`: without an access key, the caller's own keypair. */
  async get(
    accessKey: string | undefined,
    options: ReadOptions & { domainName?: string } = {},
  ): Promise<Keypair | null> {
    const found = await this.query(
      'keypair',
      [
        { name: 'domain_name', type: 'String', value: options.domainName },
        { name: 'access_key', type: 'String', value: accessKey },
      ],
      options,
    );
    return found === null ? null : fromWire<Keypair>(found);
  }

  /** `keypairs(domain_name, email, is_active)`: the legacy list without paging. */
  async list(options: ReadOptions & KeypairFilter = {}): Promise<Keypair[]> {
    const found = await this.query('keypairs', filterArguments(options), options);
    return ((found as unknown[] | null) ?? []).map((item) => fromWire<Keypair>(item));
  }

  /** `keypair_list(limit, offset, order, domain_name, email, is_active)`. */
  async page(options: ReadOptions & PageOptions & KeypairFilter = {}): Promise<ItemPage<Keypair>> {
    const selection = `total_count items { ${selectionOf(options.fields ?? DEFAULT_KEYPAIR_FIELDS, 'KeyPair')} }`;
    const operation = buildOperation(
      'query',
      'keypair_list',
      [...pageArguments(options), ...filterArguments(options)],
      selection,
    );
    const page = await runOperation(this.caller, 'keypair_list', operation, options.signal);
    return pageFromWire<Keypair>(page, 'keypair_list');
  }

  /** `create_keypair(user_id, props)`: a new keypair for the user with that e-mail, its secret key included. */
  create(userEmail: string, props: KeypairProps, options: ReadOptions = {}): Promise<KeypairMutation> {
    const fields = selectionOf(options.fields ?? [...DEFAULT_KEYPAIR_FIELDS, 'secret_key'], 'KeyPair');
    return runMutation<KeypairMutation>(
      this.caller,
      'create_keypair',
      [
        { name: 'user_id', type: 'String!', value: userEmail },
        { name: 'props', type: 'KeyPairInput!', value: toWire({ ...props }) },
      ],
      `ok msg keypair { ${fields} }`,
      options.signal,
    );
  }

  /** `modify_keypair(access_key, props)`. */
  modify(
    accessKey: string,
    changes: KeypairChanges,
    options: { signal?: AbortSignal } = {},
  ): Promise<MutationResult> {
    return runMutation(
      this.caller,
      'modify_keypair',
      [
        { name: 'access_key', type: 'String!', value: accessKey },
        { name: 'props', type: 'ModifyKeyPairInput!', value: toWire({ ...changes }) },
      ],
      'ok msg',
      options.signal,
    );
  }

  /** `delete_keypair(access_key)` (a user's main keypair cannot be deleted). */
  delete(accessKey: string, options: { signal?: AbortSignal } = {}): Promise<MutationResult> {
    return runMutation(
      this.caller,
      'delete_keypair',
      [{ name: 'access_key', type: 'String!', value: accessKey }],
      'ok msg',
      options.signal,
    );
  }

  private query(field: string, args: OperationArgument[], options: ReadOptions): Promise<unknown> {
    const selection = selectionOf(options.fields ?? DEFAULT_KEYPAIR_FIELDS, 'KeyPair');
    return runOperation(this.caller, field, buildOperation('query', field, args, selection), options.signal);
  }
}

function filterArguments(filter: KeypairFilter): OperationArgument[] {
  return [
    { name: 'domain_name', type: 'String', value: filter.domainName },
    { name: 'email', type: 'String', value: filter.email },
    { name: 'is_active', type: 'Boolean', value: filter.isActive },
  ];
}
