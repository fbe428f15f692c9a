#!/usr/bin/env node
// Writes a new PostgreSQL migration into plugins/database/migrations/ from the difference between
// the entities (built: run `npx tsc -b plugins/database` first) and the checked-in migrations.
// It applies the existing migrations to a scratch database, asks MikroORM's migrator for the SQL
// that would bring it to the entities, writes that as Migration<timestamp>_<name>.js and formats
// it with prettier. The scratch database is dropped afterwards.
//
//   node plugins/database/scripts/generate-migration.mjs <name>
//   TESSERA_MIGRATION_POSTGRES_URL=postgresql://user:password@host:port/postgres (default: halfstack's server)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { MikroORM } = require('@mikro-orm/core');
const { PostgreSqlDriver } = require('@mikro-orm/postgresql');
const { Migrator } = require('@mikro-orm/migrations');
const { Client } = require('pg');
const { ALL_ENTITIES, MIGRATIONS_FOLDER, MIGRATIONS_TABLE } = require(join(packageDir, 'dist', 'index.js'));

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('usage: generate-migration.mjs <name>   (kebab-case, e.g. add-vfolder-quota)\n');
  process.exit(2);
}
const server = new URL(
  process.env.TESSERA_MIGRATION_POSTGRES_URL ?? 'postgresql://postgres:develove@127.0.0.1:8100/postgres',
);
const scratch = `tessera_migration_${randomBytes(4).toString('hex')}`;

async function admin(sql) {
  const client = new Client({ connectionString: server.href });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`create database "${scratch}"`);
let orm;
try {
  orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: server.href,
    dbName: scratch,
    entities: ALL_ENTITIES,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      path: MIGRATIONS_FOLDER,
      glob: 'Migration*.js',
      tableName: MIGRATIONS_TABLE,
      snapshot: false,
      silent: true,
      emit: 'js',
    },
  });
  await orm.migrator.up();
  // The name becomes part of a class name: snake_case it (`add-vfolder-quota` -> `add_vfolder_quota`).
  const result = await orm.migrator.createMigration(MIGRATIONS_FOLDER, false, false, name.replace(/-/g, '_'));
  if (!result.fileName) {
    process.stdout.write('the checked-in migrations already match the entities: nothing written\n');
  } else {
    const file = join(MIGRATIONS_FOLDER, result.fileName);
    execFileSync('npx', ['prettier', '--write', file], { stdio: 'inherit' });
    process.stdout.write(`wrote ${file}\n`);
    for (const sql of result.diff.up) process.stdout.write(`  ${sql}\n`);
  }
} finally {
  await orm?.close(true);
  await admin(`drop database if exists "${scratch}" with (force)`);
}
