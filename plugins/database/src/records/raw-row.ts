import type { EntityManager, EntityProperty } from '@mikro-orm/core';

/** A raw row (column names, driver values) as an entity's properties; references as their ids. */
export type RowMapper = (raw: Record<string, unknown>) => Record<string, unknown>;

const mappers = new WeakMap<object, Map<string, RowMapper>>();

/**
 * How to read an entity's rows from a raw statement the way the ORM reads them: column names to
 * property names, JSON columns parsed (SQLite keeps them as text; PostgreSQL's driver has parsed
 * them), timestamps as Dates (SQLite keeps epoch milliseconds), many-to-one references as their
 * ids. Built once per entity from the ORM's metadata; collections are left out (read them apart).
 */
export function rowMapper(em: EntityManager, entityName: string): RowMapper {
  const metadata = em.getMetadata();
  let byEntity = mappers.get(metadata);
  if (!byEntity) mappers.set(metadata, (byEntity = new Map()));
  let mapper = byEntity.get(entityName);
  if (!mapper) byEntity.set(entityName, (mapper = buildMapper(metadata.get(entityName).props)));
  return mapper;
}

function buildMapper(props: readonly EntityProperty[]): RowMapper {
  const columns = props
    .filter((prop) => prop.kind === 'scalar' || prop.kind === 'm:1')
    .map((prop) => ({
      name: prop.name,
      field: prop.fieldNames[0]!,
      convert: prop.kind === 'm:1' ? asId : converterOf(String(prop.type).toLowerCase()),
    }));
  return (raw) => {
    const mapped: Record<string, unknown> = {};
    for (const column of columns) mapped[column.name] = column.convert(raw[column.field]);
    return mapped;
  };
}

function converterOf(type: string): (value: unknown) => unknown {
  if (type.includes('json')) return asJson;
  if (type.includes('date')) return asDate;
  return asIs;
}

const asIs = (value: unknown): unknown => value;
const asId = (value: unknown): unknown => (value === null || value === undefined ? null : String(value));
const asJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : (value ?? null));
const asDate = (value: unknown): unknown =>
  value === null || value === undefined || value instanceof Date
    ? (value ?? null)
    : new Date(value as number);
