import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { OrmDatabase, type Config } from '@tessera/database';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../../support/halfstack';
import { findRepoRoot } from '../../../support/halfstack-addresses';
import { createScratchDatabase, type ScratchDatabase } from './postgres-scratch';
import { RecordingLogger } from '../../../support/recording-logger';
import { heartbeat } from './sample-records';

export type Driver = Config['driver'];
export const DRIVERS: readonly Driver[] = ['sqlite', 'postgresql'];

export interface OpenDatabase {
  database: OrmDatabase;
  log: RecordingLogger;
}

/**
 * An open database plus raw SQL on it from another connection, to check what was written or to
 * write behind the repositories' back (placeholders are `$1, $2, ...`).
 */
export interface InspectableDatabase extends OpenDatabase {
  query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
}

/** What a suite run on one driver gets: empty databases, and the config that reaches them. */
export interface DriverHarness {
  driver: Driver;
  /** An open database with every table empty (and migrated, on PostgreSQL); SQLite keeps it in memory. */
  open(): Promise<OpenDatabase>;
  /** The same, in a file on SQLite, with raw SQL to look at the rows. */
  openInspectable(): Promise<InspectableDatabase>;
  /** Plugin config for `bootTestKernel` reaching the same database (`:memory:` on SQLite). */
  config(): Partial<Config>;
  /** The PostgreSQL scratch database; undefined on SQLite. */
  scratch(): ScratchDatabase | undefined;
}

/** The example tenant of the reference docs (`test/fixtures/database/example-fixture.json`). */
export function exampleFixture(): unknown {
  return JSON.parse(
    readFileSync(join(findRepoRoot(), 'test/fixtures/database/example-fixture.json'), 'utf8'),
  );
}

/**
 * Before each test, a database (inspectable) holding the example tenant, handed to `use`; closed
 * after the test.
 */
export function beforeEachExampleTenant(
  harness: DriverHarness,
  use: (db: InspectableDatabase) => void,
): void {
  let db: InspectableDatabase | undefined;
  beforeEach(async function () {
    this.timeout(30000);
    db = await harness.openInspectable();
    await db.database.fixtures.populate(exampleFixture());
    use(db);
  });
  afterEach(() => db?.database.close());
}

/**
 * Before each test, an empty database with `agents` alive (agent id to its available slots, each
 * announced by a heartbeat), handed to `use`; closed after the test.
 */
export function beforeEachWithAgents(
  harness: DriverHarness,
  agents: Record<string, Record<string, string>>,
  use: (db: OpenDatabase) => void,
): void {
  let db: OpenDatabase | undefined;
  beforeEach(async () => {
    db = await harness.open();
    for (const [agentId, slots] of Object.entries(agents))
      await db.database.agents.upsertFromHeartbeat(heartbeat(agentId, slots), new Date());
    use(db);
  });
  afterEach(() => db?.database.close());
}

export async function openDatabase(config: Partial<Config>): Promise<OpenDatabase> {
  const log = new RecordingLogger();
  const database = new OrmDatabase(log);
  await database.open(
    {
      driver: 'sqlite',
      path: ':memory:',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: '',
      database: 'backend',
      poolSize: 4,
      connectTimeout: 5000,
      pendingMigrations: 'refuse',
      exampleFixtures: false,
      debug: false,
      ...config,
    },
    '/nonexistent',
  );
  return { database, log };
}

/** Migrates a fresh scratch database to the shipped migrations. */
export async function migratedScratchDatabase(): Promise<ScratchDatabase> {
  const scratch = await createScratchDatabase();
  const { database } = await openDatabase({ ...scratch.config, pendingMigrations: 'ignore' });
  try {
    await database.schema.migrate();
  } finally {
    await database.close();
  }
  return scratch;
}

async function emptyTables(scratch: ScratchDatabase): Promise<void> {
  const tables = await scratch.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' and tablename <> 'tessera_migrations'`,
  );
  await scratch.query(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} cascade`);
}

/**
 * Declares `body` once per driver, as `<title> [sqlite]` and `<title> [postgresql]`. The
 * PostgreSQL run gets a scratch database of its own (created and migrated before, dropped after);
 * each `open()` empties its tables first.
 */
export function describeOnDrivers(title: string, body: (harness: DriverHarness) => void): void {
  for (const driver of DRIVERS) {
    describe(`${title} [${driver}]`, function () {
      let scratch: ScratchDatabase | undefined;
      let folder: string | undefined;
      let files = 0;
      if (driver === 'postgresql') {
        before(async function () {
          this.timeout(HALFSTACK_UP_TIMEOUT_MS);
          scratch = await migratedScratchDatabase();
        });
      }
      after(async () => {
        await scratch?.drop();
        if (folder) rmSync(folder, { recursive: true, force: true });
      });
      const open = async (): Promise<OpenDatabase> => {
        if (!scratch) return openDatabase({ driver: 'sqlite', path: ':memory:' });
        await emptyTables(scratch);
        return openDatabase(scratch.config);
      };
      body({
        driver,
        scratch: () => scratch,
        config: () => (scratch ? { ...scratch.config } : { driver: 'sqlite', path: ':memory:' }),
        open,
        openInspectable: async () => {
          if (scratch) return { ...(await open()), query: scratch.query };
          folder ??= mkdtempSync(join(tmpdir(), 'tessera-db-'));
          const path = join(folder, `database-${++files}.sqlite`);
          return { ...(await openDatabase({ driver: 'sqlite', path })), query: sqliteQuery(path) };
        },
      });
    });
  }
}

/**
 * Raw SQL on a SQLite file, with PostgreSQL-style `$n` placeholders, on a connection of its own
 * (as another process would write it): the rows a read answers, none for a write.
 */
function sqliteQuery(path: string): InspectableDatabase['query'] {
  return async <T>(sql: string, values: unknown[] = []) => {
    const sqlite = new BetterSqlite(path);
    try {
      const statement = sqlite.prepare(sql.replace(/\$\d+/g, '?'));
      if (!statement.reader) {
        statement.run(...values);
        return [];
      }
      return statement.all(...values) as T[];
    } finally {
      sqlite.close();
    }
  };
}
