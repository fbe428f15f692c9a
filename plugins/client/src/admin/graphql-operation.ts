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
