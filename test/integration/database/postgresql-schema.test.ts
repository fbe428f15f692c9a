import { createServer } from 'node:net';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { expect } from 'chai';
import { TesseraError, type Database } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import {
  ALL_ENTITIES,
  MIGRATIONS_FOLDER,
  MIGRATIONS_TABLE,
  shippedMigrations,
  type Config,
} from '@tessera/database';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import { openDatabase } from './support/database-drivers';
import { createScratchDatabase, type ScratchDatabase } from './support/postgres-scratch';

function bootDatabase(config: Partial<Config>): Promise<TestKernel> {
  return bootTestKernel({ roles: ['manager'], plugins: [{ package: '@tessera/database', config }] });
}

/** The single failure of a start-up that failed, as the kernel reports it. */
async function startFailure(config: Partial<Config>): Promise<TesseraError> {
  const error = await bootDatabase(config).then(
    (test) => test.stop().then(() => expect.fail('the plugin started')),
    (e: unknown) => e as { errors?: TesseraError[] },
  );
  expect(error.errors, 'one failure').to.have.length(1);
  return error.errors![0]!;
}

async function tables(scratch: ScratchDatabase): Promise<string[]> {
  const rows = await scratch.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  return rows.map((row) => row.tablename);
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

describe('database plugin on PostgreSQL: migrations', function () {
  let scratch: ScratchDatabase;

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    scratch = await createScratchDatabase();
  });
  after(() => scratch?.drop());

  it('ships at least the initial migration', () => {
    expect(shippedMigrations()[0]).to.match(/^Migration\d{14}_initial$/);
  });

  it('refuses to start on a database that lacks migrations, naming them and the command, writing nothing', async () => {
    const failure = await startFailure(scratch.config);
    expect(failure.code).to.equal('database-unavailable');
    expect(failure.message).to.contain(
      `postgresql://${scratch.config.host}:${scratch.config.port}/${scratch.name}`,
    );
    expect(failure.message).to.contain('tessera schema migrate');
    for (const name of shippedMigrations()) expect(failure.message).to.contain(name);
    expect(await tables(scratch)).to.deep.equal([]);
  });

  it('applies the shipped migrations once: migrating again is a no-op', async () => {
    const { database } = await openDatabase({ ...scratch.config, pendingMigrations: 'ignore' });
    try {
      expect(await database.schema.pending()).to.deep.equal(shippedMigrations());
      expect(await database.schema.migrate()).to.deep.equal(shippedMigrations());
      expect(await database.schema.migrate()).to.deep.equal([]);
      expect(await database.schema.pending()).to.deep.equal([]);
    } finally {
      await database.close();
    }
    const applied = await scratch.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE} order by id`);
    expect(applied.map((row) => row.name)).to.deep.equal(shippedMigrations());
    expect(await tables(scratch)).to.include.members([
      'sessions',
      'kernels',
      'agents',
      'vfolders',
      'error_logs',
    ]);
  });

  it('starts on the migrated database, whose schema matches the entities exactly', async () => {
    const test = await bootDatabase(scratch.config);
    try {
      expect(await test.kernel.resolve<Database>('database').schema.pending()).to.deep.equal([]);
    } finally {
      await test.stop();
    }
    const orm = await MikroORM.init({
      ...scratch.config,
      driver: PostgreSqlDriver,
      dbName: scratch.name,
      entities: ALL_ENTITIES,
      ensureDatabase: false,
      discovery: { warnWhenNoEntities: false },
      extensions: [Migrator],
      migrations: { path: MIGRATIONS_FOLDER, tableName: MIGRATIONS_TABLE, snapshot: false },
    });
    try {
      // False unless an entity changed without `scripts/generate-migration.mjs` being run.
      expect(await orm.migrator.checkMigrationNeeded()).to.equal(false);
    } finally {
      await orm.close(true);
    }
  });

  it('enforces enumerated columns with CHECK constraints', async () => {
    const insert = (status: string) =>
      scratch.query(
        `insert into agents (id, status, status_changed, address, region, resource_group, architecture, version,
           available_slots, occupied_slots, compute_plugins, first_contact, last_contact)
         values ($1, $2, now(), 'inproc://x', 'local', 'default', 'x86_64', '1', '{}', '{}', '{}', now(), now())`,
        [`agent-${status}`, status],
      );
    await insert('RESTARTING');
    const error = await insert('SLEEPING').catch((e: Error) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.contain('check constraint');
  });

  it('applies each migration once when two processes migrate at the same time', async () => {
    const fresh = await createScratchDatabase();
    const config = { ...fresh.config, pendingMigrations: 'ignore' as const };
    const [one, two] = await Promise.all([openDatabase(config), openDatabase(config)]);
    try {
      const results = await Promise.all([one.database.schema.migrate(), two.database.schema.migrate()]);
      expect(results.map((names) => names.length).sort()).to.deep.equal([0, shippedMigrations().length]);
      const applied = await fresh.query(`select name from ${MIGRATIONS_TABLE}`);
      expect(applied).to.have.length(shippedMigrations().length);
    } finally {
      await one.database.close();
      await two.database.close();
      await fresh.drop();
    }
  });
});

describe('database plugin on PostgreSQL: server not there', () => {
  it('fails at start with database-unavailable naming host and port, without waiting long', async () => {
    const port = await closedPort();
    const began = Date.now();
    const failure = await startFailure({
      driver: 'postgresql',
      host: '127.0.0.1',
      port,
      database: 'tessera',
    });
    expect(failure.code).to.equal('database-unavailable');
    expect(failure.message).to.contain(`127.0.0.1:${port}`);
    expect(failure.message).to.contain('ECONNREFUSED');
    expect(Date.now() - began).to.be.below(5000);
  });
});
