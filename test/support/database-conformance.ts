import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type KeypairRecord } from '@tessera/core';
import type { DatabaseUnderTest } from '@tessera/core/testing';
import { OrmDatabase, type Config } from '@tessera/database';
import { findRepoRoot } from './halfstack-addresses';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shipped = require('@tessera/database/package.json') as {
  tessera: { configSchema: { properties: Record<string, { default?: unknown }> } };
};

/** The plugin's config defaults (from its package.json) under `overrides`. */
function databaseConfig(overrides: Partial<Config>): Config {
  const defaults = Object.fromEntries(
    Object.entries(shipped.tessera.configSchema.properties).map(([key, schema]) => [key, schema.default]),
  );
  return { ...defaults, ...overrides } as Config;
}

/** The example fixture's admin keypair, as `findByAccessKey` answers it. */
export const FIXTURE_ADMIN_KEYPAIR: KeypairRecord = {
  accessKey: 'AKIATESSERAFIXTURE01',
  secretKey: 'tesseraFixtureAdminSecretNotForProd01',
  userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
  userEmail: 'admin@lablup.com',
  userRole: 'superadmin',
  domainName: 'default',
  isActive: true,
  isAdmin: true,
  rateLimit: 30000,
  resourcePolicy: 'default',
};

type FixtureUser = { password?: string; password_hash?: string };

/**
 * `test/fixtures/database/example-fixture.json` with every clear-text password replaced by a
 * hash the fixture already holds, so loading it does not spend a quarter second per bcrypt hash.
 */
function fixtureWithoutHashing(): unknown {
  const path = join(findRepoRoot(), 'test/fixtures/database/example-fixture.json');
  const document = JSON.parse(readFileSync(path, 'utf8')) as { users: FixtureUser[] };
  const hash = document.users.find((user) => user.password_hash)!.password_hash;
  for (const user of document.users) {
    if (user.password === undefined) continue;
    delete user.password;
    user.password_hash = hash;
  }
  return document;
}

/**
 * The database plugin's `OrmDatabase` opened on `config` (SQLite in memory unless it says
 * otherwise) with the example fixture loaded, for `describeDatabaseConformance`.
 */
export async function ormDatabaseUnderTest(config: Partial<Config> = {}): Promise<DatabaseUnderTest> {
  const database = new OrmDatabase(createLogger({ level: 'silent' }));
  await database.open(databaseConfig({ driver: 'sqlite', path: ':memory:', ...config }), '/nonexistent');
  await database.fixtures.populate(fixtureWithoutHashing());
  return { database, keypair: FIXTURE_ADMIN_KEYPAIR, close: () => database.close() };
}
