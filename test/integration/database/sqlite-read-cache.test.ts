import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { expect } from 'chai';
import { deepFreeze, SqliteReadCache } from '@tessera/database';

/**
 * The SQLite read cache on real database files in write-ahead-log mode, as the all-in-one runs
 * them: an answer is given again only while nothing was written, by this connection or any other.
 */
describe('database: the SQLite read cache', () => {
  let folder: string;
  let path: string;
  let connection: BetterSqlite.Database;
  let other: BetterSqlite.Database;
  /** How often the cached read really ran. */
  let reads: number;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'tessera-read-cache-'));
    path = join(folder, 'cache.sqlite');
    connection = new BetterSqlite(path);
    connection.pragma('journal_mode = WAL');
    connection.exec(`create table notes (id text primary key, body text)`);
    connection.prepare(`insert into notes values ('a', 'first')`).run();
    other = new BetterSqlite(path);
    reads = 0;
  });
  afterEach(() => {
    other.close();
    connection.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const bodyOf = (id: string) => () => {
    reads++;
    const row = connection.prepare(`select body from notes where id = ?`).get(id) as
      { body: string } | undefined;
    return row?.body ?? null;
  };

  it('answers again without reading while nothing changed, and reads after a write of its own', () => {
    const cache = new SqliteReadCache<string | null>(16);
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('first');
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('first');
    expect(reads).to.equal(1);
    connection.prepare(`update notes set body = 'second' where id = 'a'`).run();
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('second');
    expect(reads).to.equal(2);
    // A write to any row, even one the answer does not come from, forgets it.
    connection.prepare(`insert into notes values ('b', 'other')`).run();
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('second');
    expect(reads).to.equal(3);
  });

  it("reads again after another connection's commit (another process, an operator's sqlite3)", () => {
    const cache = new SqliteReadCache<string | null>(16);
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('first');
    other.prepare(`update notes set body = 'from outside' where id = 'a'`).run();
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('from outside');
    expect(reads).to.equal(2);
  });

  it('keeps missing rows as answers too, until a write', () => {
    const cache = new SqliteReadCache<string | null>(16);
    expect(cache.answer(connection, 'z', bodyOf('z'))).to.equal(null);
    expect(cache.answer(connection, 'z', bodyOf('z'))).to.equal(null);
    expect(reads).to.equal(1);
    other.prepare(`insert into notes values ('z', 'late')`).run();
    expect(cache.answer(connection, 'z', bodyOf('z'))).to.equal('late');
  });

  it('keeps nothing read inside an open transaction, which may still roll back', () => {
    const cache = new SqliteReadCache<string | null>(16);
    connection.exec('begin');
    connection.prepare(`update notes set body = 'uncommitted' where id = 'a'`).run();
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('uncommitted');
    connection.exec('rollback');
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('first');
    expect(reads).to.equal(2);
  });

  it('keeps answers per connection and per key, at most `capacity`, least recently used out first', () => {
    const cache = new SqliteReadCache<string | null>(2);
    connection.prepare(`insert into notes values ('b', 'bee'), ('c', 'sea')`).run();
    for (const id of ['a', 'b']) cache.answer(connection, id, bodyOf(id));
    cache.answer(connection, 'a', bodyOf('a')); // a is now the most recently used
    cache.answer(connection, 'c', bodyOf('c')); // b goes
    expect(reads).to.equal(3);
    expect(cache.answer(connection, 'a', bodyOf('a'))).to.equal('first');
    expect(reads).to.equal(3);
    expect(cache.answer(connection, 'b', bodyOf('b'))).to.equal('bee');
    expect(reads).to.equal(4);
    // Another connection has answers of its own.
    let otherReads = 0;
    expect(cache.answer(other, 'a', () => (otherReads++, 'on the other'))).to.equal('on the other');
    expect(otherReads).to.equal(1);
  });

  it('deepFreeze freezes every object inside, dates and arrays included', () => {
    const value = deepFreeze({ list: [{ n: 1 }], at: new Date(0), nested: { deeper: { x: 'y' } } });
    expect(Object.isFrozen(value.list[0])).to.equal(true);
    expect(Object.isFrozen(value.nested.deeper)).to.equal(true);
    expect(Object.isFrozen(value.at)).to.equal(true);
    expect(() => value.list.push({ n: 2 })).to.throw(TypeError);
  });
});
