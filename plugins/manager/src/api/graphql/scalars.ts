import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLDateTimeISO, GraphQLSafeInt } from 'graphql-scalars';

/**
 * The custom scalars of Backend.AI's admin API (api-spec §8.4). `DateTime` and `BigInt` are
 * graphql-scalars' ISO date-time and safe-integer scalars under Backend.AI's names; `UUID` also
 * takes the 32-hex form Python's `uuid.UUID` accepts and answers the dashed lowercase form the
 * database stores; `JSONString` is a JSON value stringified inside the result.
 */

const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_UUID = /^[0-9a-f]{32}$/i;

/**
 * A UUID in the dashed lowercase form the database stores, from that form or the 32 hex digits
 * Python's `uuid.UUID` also accepts; null when the text is not a UUID. Session ids in REST paths
 * are read the same way.
 */
export function normalizeUuid(text: string): string | null {
  if (isLowerDashedUuid(text)) return text;
  if (DASHED_UUID.test(text)) return text.toLowerCase();
  if (PLAIN_UUID.test(text)) {
    const t = text.toLowerCase();
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-${t.slice(12, 16)}-${t.slice(16, 20)}-${t.slice(20)}`;
  }
  return null;
}

/**
 * The form the database answers, checked without a regular expression or a copy: listings
 * serialize thousands of ids per page.
 */
function isLowerDashedUuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false; // '-'
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return false; // not 0-9 or a-f
    }
  }
  return true;
}

function uuidOf(value: unknown, node?: ValueNode): string {
  const id = typeof value === 'string' ? normalizeUuid(value) : null;
  if (id === null) {
    const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
    throw new GraphQLError(
      `UUID cannot represent ${shown}: expected hex 8-4-4-4-12`,
      node ? { nodes: node } : {},
    );
  }
  return id;
}

export const UUIDScalar = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description:
    'A UUID as a string, hex 8-4-4-4-12 with single hyphens (32 hex digits are accepted as input).',
  serialize: (value) => uuidOf(value),
  parseValue: (value) => uuidOf(value),
  parseLiteral: (node) => uuidOf(node.kind === Kind.STRING ? node.value : undefined, node),
});

export const DateTimeScalar = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  name: 'DateTime',
  description: 'An ISO-8601 date-time string (UTC, e.g. 2020-02-16T15:47:28.997Z).',
});

export const BigIntScalar = new GraphQLScalarType({
  ...GraphQLSafeInt.toConfig(),
  name: 'BigInt',
  description:
    'An integer in ±(2^53−1), the range a JSON number carries exactly (GraphQL Int is only 32-bit).',
});

export const JSONStringScalar = new GraphQLScalarType<unknown, string>({
  name: 'JSONString',
  description: 'A JSON value stringified inside the result; parse it again (resource slot maps, options).',
  serialize: (value) => JSON.stringify(value),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('JSONString must be a string holding JSON');
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new GraphQLError('JSONString does not hold valid JSON');
    }
  },
});
