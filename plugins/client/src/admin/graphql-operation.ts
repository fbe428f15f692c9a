import { BackendClientError } from '../errors';

/** What the admin calls need from a client: one GraphQL exchange (`Client.graphql`). */
export interface GraphqlCaller {
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { signal?: AbortSignal },
  ): Promise<T>;
}

/** One argument of a root field: its name (also the variable's), GraphQL type and value. */
export interface OperationArgument {
  name: string;
  type: string;
  /** `undefined` leaves the argument out of the document (so older servers never see it). */
  value: unknown;
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Builds a one-field query or mutation with one variable per argument given. Arguments whose
 * value is undefined are left out of the document entirely, not sent as null: a server without
 * that argument still accepts the document, and one with a default keeps it.
 */
export function buildOperation(
  kind: 'query' | 'mutation',
  field: string,
  args: readonly OperationArgument[],
  selection: string,
): Operation {
  const given = args.filter((arg) => arg.value !== undefined);
  const variables = Object.fromEntries(given.map((arg) => [arg.name, arg.value]));
  const declared = given.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  const passed = given.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const head = declared ? `${kind}(${declared})` : kind;
  const call = passed ? `${field}(${passed})` : field;
  const body = selection ? ` { ${selection} }` : '';
  return { query: `${head} { ${call}${body} }`, variables };
}

/** Sends an operation and returns its one root field's value. */
export async function runOperation<T>(
  caller: GraphqlCaller,
  field: string,
  operation: Operation,
  signal: AbortSignal | undefined,
): Promise<T> {
  const data = await caller.graphql<Record<string, unknown>>(operation.query, operation.variables, {
    signal,
  });
  if (!(field in data)) {
    throw new BackendClientError('bad-response', `the manager answered without the field ${field}`);
  }
  return data[field] as T;
}

/**
 * A selection of fields, checked so that a caller's `fields` cannot inject GraphQL: each entry is
 * a field name, optionally with a sub-selection of names (`groups { id name }`).
 */
export function selectionOf(fields: readonly string[], typeName: string): string {
  if (fields.length === 0) throw new BackendClientError('config-invalid', `no ${typeName} fields asked for`);
  for (const field of fields) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*( *\{ *[A-Za-z_][A-Za-z0-9_ ]*\})?$/.test(field)) {
      throw new BackendClientError('config-invalid', `"${field}" is not a ${typeName} field name`);
    }
  }
  return fields.join(' ');
}

/** `total_resource_slots` -> `totalResourceSlots`. */
export function camelName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `totalResourceSlots` -> `total_resource_slots`. */
export function snakeName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * A wire object with camelCase keys (nested objects too). The JSONString fields named in
 * `jsonFields` (wire names) are parsed; one that is not JSON is left as the string it was.
 */
export function fromWire<T>(record: unknown, jsonFields: ReadonlySet<string> = new Set()): T {
  if (typeof record !== 'object' || record === null) return record as T;
  if (Array.isArray(record)) return record.map((item) => fromWire(item, jsonFields)) as T;
  return Object.fromEntries(
    Object.entries(record as Record<string, unknown>).map(([key, value]) => [
      camelName(key),
      jsonFields.has(key) && typeof value === 'string' ? parseJsonString(value) : fromWire(value, jsonFields),
    ]),
  ) as T;
}

/**
 * A camelCase input object as the wire's snake_case input: undefined members are dropped and the
 * members named in `jsonFields` (camelCase) are stringified (GraphQL JSONString).
 */
export function toWire(
  props: Record<string, unknown>,
  jsonFields: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        snakeName(key),
        jsonFields.has(key) && typeof value !== 'string' ? JSON.stringify(value) : value,
      ]),
  );
}

function parseJsonString(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** What every admin mutation answers: whether it worked and the manager's message. */
export interface MutationResult {
  ok: boolean;
  msg: string | null;
}

/** One page of a `*_list` query. */
export interface ItemPage<T> {
  totalCount: number;
  items: T[];
}

/**
 * Paging of a `*_list` query (upstream's `limit`, `offset`, `order`). Upstream's `filter`
 * expressions are not sent: Tessera's manager refuses them; each area's own filters replace them.
 */
export interface PageOptions {
  /** 1 to 100 (default 20). */
  limit?: number;
  /** Default 0. */
  offset?: number;
  /** Upstream's ordering expression: one field led by `+` (ascending, default) or `-` (`-created_at`). */
  order?: string;
  signal?: AbortSignal;
}

/** Options of every call that reads: the fields to ask for (wire names) and an abort signal. */
export interface ReadOptions {
  /** GraphQL field names of the type (snake_case); each area has a default set. */
  fields?: readonly string[];
  signal?: AbortSignal;
}

export function pageArguments(options: PageOptions): OperationArgument[] {
  return [
    { name: 'limit', type: 'Int!', value: options.limit ?? 20 },
    { name: 'offset', type: 'Int!', value: options.offset ?? 0 },
    { name: 'order', type: 'String', value: options.order },
  ];
}

export function pageFromWire<T>(
  page: unknown,
  field: string,
  jsonFields: ReadonlySet<string> = new Set(),
): ItemPage<T> {
  const list = page as { total_count?: unknown; items?: unknown } | null;
  if (!list || !Array.isArray(list.items)) {
    throw new BackendClientError('bad-response', `the manager answered ${field} without items`);
  }
  return {
    totalCount: Number(list.total_count ?? list.items.length),
    items: list.items.map((item) => fromWire<T>(item, jsonFields)),
  };
}

export function mutationFromWire<T extends MutationResult>(
  payload: unknown,
  field: string,
  jsonFields: ReadonlySet<string> = new Set(),
): T {
  if (typeof payload !== 'object' || payload === null) {
    throw new BackendClientError('bad-response', `the manager answered ${field} without a result`);
  }
  const result = fromWire<T>(payload, jsonFields);
  return { ...result, ok: result.ok === true, msg: result.msg ?? null };
}

/** Sends a mutation and reads its `{ok, msg, ...}` payload. */
export async function runMutation<T extends MutationResult>(
  caller: GraphqlCaller,
  field: string,
  args: readonly OperationArgument[],
  selection: string,
  signal: AbortSignal | undefined,
  jsonFields: ReadonlySet<string> = new Set(),
): Promise<T> {
  const operation = buildOperation('mutation', field, args, selection);
  const payload = await runOperation(caller, field, operation, signal);
  return mutationFromWire<T>(payload, field, jsonFields);
}

/** The `name: String!` argument naming the record a mutation works on. */
export function nameArgument(name: string): OperationArgument {
  return { name: 'name', type: 'String!', value: name };
}

/** The optional `domain_name: String` argument of the reads that look within one domain. */
export function domainNameArgument(domainName: string | undefined): OperationArgument {
  return { name: 'domain_name', type: 'String', value: domainName };
}

/** The `props` argument of a create/modify mutation: the input as the wire's snake_case. */
export function propsArgument(
  type: string,
  props: object,
  jsonProps: ReadonlySet<string> = new Set(),
): OperationArgument {
  return { name: 'props', type, value: toWire({ ...(props as Record<string, unknown>) }, jsonProps) };
}

/**
 * The calls of one admin area (one GraphQL type): its default fields, its JSONString fields, and
 * the queries and mutations read into camelCase records.
 */
export class AreaOperations {
  constructor(
    private readonly caller: GraphqlCaller,
    /** The GraphQL type's name, for errors about `fields`. */
    private readonly typeName: string,
    private readonly defaults: readonly string[],
    private readonly jsonWire: ReadonlySet<string> = new Set(),
  ) {}

  /** The fields asked for: `fields` as given (checked), else the area's defaults. */
  selection(fields: readonly string[] | undefined = this.defaults): string {
    return selectionOf(fields, this.typeName);
  }

  /** A query of one root field that answers one record, or null. */
  async one<T>(field: string, args: readonly OperationArgument[], options: ReadOptions): Promise<T | null> {
    const found = await this.query(field, args, options);
    return found === null ? null : fromWire<T>(found, this.jsonWire);
  }

  /** A query of one root field that answers a list (null read as none). */
  async many<T>(field: string, args: readonly OperationArgument[], options: ReadOptions): Promise<T[]> {
    const found = await this.query(field, args, options);
    return ((found as unknown[] | null) ?? []).map((item) => fromWire<T>(item, this.jsonWire));
  }

  /** A `*_list` query: the paging arguments, then `args`. */
  async page<T>(
    field: string,
    args: readonly OperationArgument[],
    options: ReadOptions & PageOptions,
  ): Promise<ItemPage<T>> {
    const selection = `total_count items { ${this.selection(options.fields)} }`;
    const operation = buildOperation('query', field, [...pageArguments(options), ...args], selection);
    const page = await runOperation(this.caller, field, operation, options.signal);
    return pageFromWire<T>(page, field, this.jsonWire);
  }

  /** A mutation answering `{ok, msg}` only. */
  mutate(
    field: string,
    args: readonly OperationArgument[],
    signal: AbortSignal | undefined,
  ): Promise<MutationResult> {
    return runMutation(this.caller, field, args, 'ok msg', signal, this.jsonWire);
  }

  /** A mutation answering `{ok, msg}` and the record it made or changed (as `item`, with `fields`). */
  mutateItem<T extends MutationResult>(
    field: string,
    args: readonly OperationArgument[],
    item: string,
    options: ReadOptions,
  ): Promise<T> {
    const selection = `ok msg ${item} { ${this.selection(options.fields)} }`;
    return runMutation<T>(this.caller, field, args, selection, options.signal, this.jsonWire);
  }

  private query(field: string, args: readonly OperationArgument[], options: ReadOptions): Promise<unknown> {
    const operation = buildOperation('query', field, args, this.selection(options.fields));
    return runOperation(this.caller, field, operation, options.signal);
  }
}
