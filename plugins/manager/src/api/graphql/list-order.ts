import { ManagerErrors } from '../../manager-errors';

/** Null and undefined alike: an argument not given. */
const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** The ordering a `*_list` query asked for, in the repository's terms. */
export interface ListOrder<Key> {
  orderBy: Key;
  ascending: boolean;
}

/** The ordering arguments of a `*_list` query (`user_list`, `compute_session_list`, ...), as given. */
export interface OrderArguments {
  /** Upstream 22.09's form: a field name, optionally led by `+` (ascending, the default) or `-`. */
  order: string | null | undefined;
  /** Tessera's earlier form, kept for its clients: a field name and a direction. */
  orderKey: string | null | undefined;
  orderAsc: boolean | null | undefined;
}

const ORDER_EXPRESSION = /^\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/**
 * The ordering of a listing from either `order` (upstream's `+email` / `-created_at`) or
 * `order_key` and `order_asc` (ascending unless false); `fallback` (ascending unless
 * `fallbackAscending` is false) when neither names a field. Both at once, a malformed
 * expression or a field outside `keys` (wire name to repository key) are refused with
 * `invalid-api-params` naming the argument and what it accepts. Upstream's parser also takes a
 * comma-separated list of fields; the repositories order by one, so a list is refused.
 */
export function listOrder<Key>(
  args: OrderArguments,
  keys: Readonly<Record<string, Key>>,
  fallback: Key,
  fallbackAscending = true,
): ListOrder<Key> {
  const order = given(args.order);
  const orderKey = given(args.orderKey);
  const orderAsc = given(args.orderAsc);
  const allowed = Object.keys(keys).join(', ');
  if (order !== undefined && (orderKey !== undefined || orderAsc !== undefined))
    throw ManagerErrors.invalidParams(
      'Give either order (e.g. "-created_at") or order_key/order_asc, not both',
      { field: 'order' },
    );
  if (order !== undefined) {
    const match = ORDER_EXPRESSION.exec(order);
    if (!match)
      throw ManagerErrors.invalidParams(
        `Invalid order ${JSON.stringify(order)}: one field name, optionally led by "+" (ascending) or "-" (descending); fields: ${allowed}`,
        { field: 'order' },
      );
    const [, sign, name] = match as unknown as [string, string, string];
    if (!Object.hasOwn(keys, name))
      throw ManagerErrors.invalidParams(`Unknown order field "${name}"; use one of ${allowed}`, {
        field: 'order',
      });
    return { orderBy: keys[name]!, ascending: sign !== '-' };
  }
  if (orderKey !== undefined && !Object.hasOwn(keys, orderKey))
    throw ManagerErrors.invalidParams(`Unknown order_key "${orderKey}"; use one of ${allowed}`, {
      field: 'order_key',
    });
  if (orderKey === undefined) return { orderBy: fallback, ascending: orderAsc ?? fallbackAscending };
  return { orderBy: keys[orderKey]!, ascending: orderAsc ?? true };
}

/**
 * Upstream's `filter` mini-language is not implemented: a listing given one is refused, naming
 * the arguments that filter instead.
 */
export function refuseFilter(filter: string | null | undefined, instead: string): void {
  if (given(filter) === undefined) return;
  throw ManagerErrors.invalidParams(
    `The filter argument (upstream's query filter expressions) is not supported here; filter with ${instead}`,
    { field: 'filter' },
  );
}
