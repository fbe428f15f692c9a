import type { EntityManager, EntityProperty } from '@mikro-orm/core';

/** A raw row (column names, driver values) as an entity's properties; references as their ids. */
export type RowMapper = (raw: Record<string, unknown>) => Record<string, unknown>;

/** The same, for a row read as an array of values (a `RawTable` row). */
export type TableRowMapper = (row: readonly unknown[]) => Record<string, unknown>;

/** Mappers built so far, per ORM metadata: by entity, and by entity and column list. */
const mappers = new WeakMap<object, Map<string, RowMapper | TableRowMapper>>();

function cached<M extends RowMapper | TableRowMapper>(em: EntityManager, key: string, build: () => M): M {
  const metadata = em.getMetadata();
  let built = mappers.get(metadata);
  if (!built) mappers.set(metadata, (built = new Map()));
  let mapper = built.get(key) as M | undefined;
  if (!mapper) built.set(key, (mapper = build()));
  return mapper;
}

/**
 * How to read an entity's rows from a raw statement the way the ORM reads them: column names to
 * property names, JSON columns parsed (SQLite keeps them as text; PostgreSQL's driver has parsed
 * them), timestamps as Dates (SQLite keeps epoch milliseconds), many-to-one references as their
 * ids. Built once per entity from the ORM's metadata; collections are left out (read them apart).
 */
export function rowMapper(em: EntityManager, entityName: string): RowMapper {
  return cached(em, entityName, () =>
    compileMapper(em, entityName, (field) => `raw[${JSON.stringify(field)}]`),
  );
}

/**
 * `rowMapper` for the rows of a `RawTable` whose column names are `columns` (the entity's columns
 * among others, in any order): each property is read at its column's position. Built once per
 * entity and column list. Every column of the entity must be in the list.
 */
export function tableRowMapper(
  em: EntityManager,
  entityName: string,
  columns: readonly string[],
): TableRowMapper {
  return cached(em, `${entityName}(${columns.join(',')})`, () =>
    compileMapper(em, entityName, (field) => {
      const index = columns.indexOf(field);
      if (index < 0) throw new Error(`the statement read no column "${field}" of ${entityName}`);
      return `raw[${index}]`;
    }),
  );
}

/**
 * Compiled into one object literal, so every mapped row shares one shape (fast property access
 * downstream). Built by assigning property after property, a row of more than a few dozen columns
 * became a dictionary-mode object, slow to build and to read: on the admin listing's pages
 * (thousands of rows) that was a tenth of the time. The text holds only names from the ORM's
 * metadata, quoted as string literals, and column positions.
 */
function compileMapper<M>(em: EntityManager, entityName: string, read: (field: string) => string): M {
  const converters = { asId, asJson, asDate };
  const entries = em
    .getMetadata()
    .get(entityName)
    .props.filter((prop) => prop.kind === 'scalar' || prop.kind === 'm:1')
    .map((prop: EntityProperty) => {
      const value = read(prop.fieldNames[0]!);
      const convert = prop.kind === 'm:1' ? 'asId' : converterOf(String(prop.type).toLowerCase());
      return `${JSON.stringify(prop.name)}: ${convert ? `${convert}(${value})` : value}`;
    });
  const compile = new Function(
    ...Object.keys(converters),
    `return (raw) => ({ ${entries.join(', ')} });`,
  ) as (...fns: unknown[]) => M;
  return compile(...Object.values(converters));
}

/** The converter a column of this type needs, by name; none when the driver's value is kept. */
function converterOf(type: string): 'asJson' | 'asDate' | undefined {
  if (type.includes('json')) return 'asJson';
  if (type.includes('date')) return 'asDate';
  return undefined;
}

const asId = (value: unknown): unknown => (value === null || value === undefined ? null : String(value));
const asJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : (value ?? null));
const asDate = (value: unknown): unknown =>
  value === null || value === undefined || value instanceof Date
    ? (value ?? null)
    : new Date(value as number);
