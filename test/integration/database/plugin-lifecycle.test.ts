import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { expect } from 'chai';
import { TesseraError, type Database, type PluginContext } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import plugin, { type Config } from '@tessera/database';
import { findRepoRoot } from '../../support/halfstack-addresses';
import { RecordingLogger } from '../../support/recording-logger';
import { newSession } from './support/sample-records';

function bootDatabase(config: Partial<Config>): Promise<TestKernel> {
  return bootTestKernel({ roles: ['manager'], plugins: [{ package: '@tessera/database', config }] });
}

function countRows(file: string, table: string): number {
  const sqlite = new BetterSqlite(file, { readonly: true });
  try {
    return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

describe('database plugin: lifecycle on SQLite files', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'tessera-db-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates tessera.sqlite in its data dir by default and serves the example keypair', async () => {
    const test = await bootDatabase({ exampleFixtures: true });
    try {
      const database = test.kernel.resolve<Database>('database');
      expect((await database.keypairs.findByAccessKey('AKIAIOSFODNN7EXAMPLE'))?.userEmail).to.equal(
        'admin@lablup.com',
      );
      expect(existsSync(join(test.dataDir, 'database', 'tessera.sqlite'))).to.equal(true);
    } finally {
      await test.stop();
    }
  });

  it("keeps the file in write-ahead-log mode: a connection of its own reads a running deployment's commits", async () => {
    const file = join(folder, 'tessera.sqlite');
    const test = await bootDatabase({ path: file, exampleFixtures: true });
    try {
      const session = newSession('seen-outside', [{ cpu: '1' }]);
      await test.kernel.resolve<Database>('database').sessions.create(session);
      // The commit is in the log beside the file until the deployment closes it.
      expect(existsSync(`${file}-wal`)).to.equal(true);
      const reader = new BetterSqlite(file, { readonly: true });
      try {
        expect(reader.pragma('journal_mode', { simple: true })).to.equal('wal');
        expect(reader.prepare('select name from sessions where id = ?').get(session.id)).to.deep.equal({
          name: 'seen-outside',
        });
      } finally {
        reader.close();
      }
    } finally {
      await test.stop();
    }
    // Closed: the log was folded into the file, which alone holds everything.
    expect(existsSync(`${file}-wal`)).to.equal(false);
    expect(countRows(file, 'sessions')).to.equal(1);
  });

  it("inserts the example fixtures once: a restart adds nothing and keeps the operator's edits", async () => {
    const file = join(folder, 'state', 'tessera.sqlite');
    const first = await bootDatabase({ path: file, exampleFixtures: true });
    const session = newSession('kept', [{ cpu: '1' }]);
    await first.kernel.resolve<Database>('database').sessions.create(session);
    const loaded = (test: TestKernel) => test.logs.find((line) => line.msg === 'fixtures loaded')?.inserted;
    expect(loaded(first)).to.equal(12);
    await first.stop();

    const edit = new BetterSqlite(file);
    edit.prepare(`update keypairs set rate_limit = 5 where access_key = 'AKIAIOSFODNN7EXAMPLE'`).run();
    edit.close();

    const second = await bootDatabase({ path: file, exampleFixtures: true });
    try {
      expect(loaded(second)).to.equal(0);
      const database = second.kernel.resolve<Database>('database');
      expect((await database.keypairs.findByAccessKey('AKIAIOSFODNN7EXAMPLE'))?.rateLimit).to.equal(5);
      expect((await database.sessions.get(session.id))?.name).to.equal('kept');
    } finally {
      await second.stop();
    }
    for (const table of [
      'domains',
      'groups',
      'users',
      'keypairs',
      'keypair_resource_policies',
      'resource_groups',
    ]) {
      expect(countRows(file, table), table).to.equal(1);
    }
    const rg = new BetterSqlite(file, { readonly: true });
    const group = rg
      .prepare(`select scheduler, scheduler_opts from resource_groups where name = 'default'`)
      .get() as {
      scheduler: string;
      scheduler_opts: string;
    };
    rg.close();
    expect(group.scheduler).to.equal('fifo');
    expect(JSON.parse(group.scheduler_opts).agent_selection_strategy).to.equal('concentrated');
  });

  it('leaves nothing for a schema update to do when it reopens its own database', async () => {
    const file = join(folder, 'tessera.sqlite');
    for (let round = 0; round < 2; round++) {
      const test = await bootDatabase({ path: file });
      try {
        const database = test.kernel.resolve<Database>('database');
        expect(await database.schema.pending()).to.deep.equal([]);
        expect(await database.schema.migrate()).to.deep.equal([]);
      } finally {
        await test.stop();
      }
    }
  });

  it('adds what a newer version brings to an existing file, keeping its rows', async () => {
    const file = join(folder, 'tessera.sqlite');
    const first = await bootDatabase({ path: file });
    const session = newSession('kept', [{ cpu: '1' }]);
    await first.kernel.resolve<Database>('database').sessions.create(session);
    await first.stop();
    // As if the file were older: a column and a table it did not have yet.
    const older = new BetterSqlite(file);
    older.exec('alter table sessions drop column starts_at; drop table error_logs;');
    older.close();

    const second = await bootDatabase({ path: file });
    try {
      const database = second.kernel.resolve<Database>('database');
      expect(await database.schema.pending()).to.deep.equal([]);
      expect((await database.sessions.get(session.id))?.startsAt).to.equal(null);
    } finally {
      await second.stop();
    }
    expect(countRows(file, 'error_logs')).to.equal(0);
  });

  it('refuses, with a way out, a file of an older version that cannot be updated in place', async () => {
    const file = join(folder, 'old.sqlite');
    const old = new BetterSqlite(file);
    old.exec(readFileSync(join(findRepoRoot(), 'test/fixtures/database/sqlite-schema-0.1.0.sql'), 'utf8'));
    old.close();
    const error = await bootDatabase({ path: file }).catch((e: unknown) => e);
    const causes = (error as { errors?: TesseraError[] }).errors ?? [error as TesseraError];
    const unavailable = causes.find((e) => e.code === 'database-unavailable');
    expect(unavailable?.message).to.contain(file);
    expect(unavailable?.message).to.contain('move the file aside');
  });

  it('records when a keypair was last used', async () => {
    const file = join(folder, 'tessera.sqlite');
    const test = await bootDatabase({ path: file, exampleFixtures: true });
    const at = new Date('2030-05-01T12:00:00Z');
    try {
      await test.kernel.resolve<Database>('database').keypairs.touchLastUsed('AKIAIOSFODNN7EXAMPLE', at);
    } finally {
      await test.stop();
    }
    const sqlite = new BetterSqlite(file, { readonly: true });
    const row = sqlite
      .prepare(`select last_used from keypairs where access_key = 'AKIAIOSFODNN7EXAMPLE'`)
      .get() as {
      last_used: number | string;
    };
    sqlite.close();
    expect(new Date(row.last_used).toISOString()).to.equal(at.toISOString());
  });

  it('fails to start with database-unavailable naming the path when the file cannot be opened', async () => {
    const notAFolder = join(folder, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const unopenable = join(notAFolder, 'tessera.sqlite');
    const error = await bootDatabase({ path: unopenable }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TesseraError);
    const causes = (error as { errors?: TesseraError[] }).errors ?? [error as TesseraError];
    expect(causes.map((e) => e.code)).to.include('database-unavailable');
    expect(causes.find((e) => e.code === 'database-unavailable')!.message).to.contain(unopenable);
  });

  it('fails with database-unavailable when the file is not a SQLite database', async () => {
    const garbage = join(folder, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not a database '.repeat(100));
    const error = await bootDatabase({ path: garbage }).catch((e: unknown) => e);
    const causes = (error as { errors?: TesseraError[] }).errors ?? [error as TesseraError];
    const unavailable = causes.find((e) => e.code === 'database-unavailable');
    expect(unavailable?.message).to.contain(garbage);
  });
});

describe('database plugin: the example keypair stays in the embedded database', () => {
  function handBuiltContext(config: Record<string, unknown>, dataDir: string): PluginContext<Config> {
    return {
      id: 'database',
      packageName: '@tessera/database',
      packageVersion: '0.1.0',
      config: config as unknown as Config,
      roles: ['manager'],
      nodeId: 'test-node',
      dataDir,
      log: new RecordingLogger(),
      deps: {},
      container: Object.create(null) as PluginContext<Config>['container'],
      signal: new AbortController().signal,
      provide: () => undefined,
      implement: () => undefined,
      contribute: () => undefined,
      contributions: () => [],
      reportHealth: () => undefined,
      announceEndpoint: () => undefined,
    };
  }

  it('refuses exampleFixtures with any driver but sqlite, naming the field, before connecting', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-db-'));
    try {
      const ctx = handBuiltContext(
        { driver: 'postgresql', host: '127.0.0.1', port: 1, exampleFixtures: true, debug: false },
        dataDir,
      );
      const error = await Promise.resolve(plugin.init!(ctx)).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TesseraError);
      expect((error as TesseraError).code).to.equal('config-invalid');
      expect((error as TesseraError).message).to.contain('exampleFixtures');
      expect((error as TesseraError).details).to.deep.include({
        field: 'exampleFixtures',
        driver: 'postgresql',
      });
      expect(existsSync(join(dataDir, 'tessera.sqlite'))).to.equal(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects a driver the schema does not know when the deployment is validated', async () => {
    const error = await bootDatabase({ driver: 'mysql' as 'sqlite' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TesseraError);
    expect((error as Error).message).to.contain('driver');
  });
});
