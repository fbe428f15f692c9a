export { default } from './plugin';
export { OrmDatabase } from './orm-database';
export type { Config } from './config.generated';
export { EXAMPLE_ADMIN } from './fixtures/example-values';
export { validateFixture } from './fixtures/validate-fixture';
export type { FixtureDocument } from './fixtures/fixture-document';
export { parseImageReference, type ImageReference } from './images/image-reference';
export {
  minSlotsFromLabels,
  slotLimitsFromLabels,
  MIN_SLOT_LABEL_PREFIX,
  MAX_SLOT_LABEL_PREFIX,
} from './images/min-slots-from-labels';
export { ALL_ENTITIES } from './entities/all-entities';
export { MIGRATIONS_FOLDER, MIGRATIONS_TABLE, shippedMigrations } from './schema/migrations-folder';
export { postgresqlWhere } from './orm/postgresql-options';
export { SqliteReadCache, deepFreeze, type SqliteConnection } from './repositories/sqlite-statement';
