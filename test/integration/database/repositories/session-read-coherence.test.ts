import { expect } from 'chai';
import type { ListedSession, SessionRepository } from '@tessera/core';
import {
  beforeEachExampleTenant,
  describeOnDrivers,
  type InspectableDatabase,
} from '../support/database-drivers';
import { newSession } from '../support/sample-records';

const EXAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE';
const ADMIN_ID = 'f38dea23-50fa-42a0-b5ae-338f5f4693f4';

/**
 * The user API's session read (`findOwnedListed`) is answered from memory on SQLite while the
 * database is unchanged. Whatever writes, it must never answer what was true before: the
 * repositories' own statements and ORM flushes, and another connection writing behind their back
 * (another process, an operator's sqlite3, a PostgreSQL client). Its records are frozen on both
 * drivers.
 */
describeOnDrivers("database: the user API's session read after every kind of write", (harness) => {
  let db: InspectableDatabase;
  let sessions: SessionRepository;
  beforeEachExampleTenant(harness, (opened) => {
    db = opened;
    sessions = db.database.sessions;
  });

  const read = async (idOrName: string): Promise<Readonly<ListedSession>> => {
    const found = await sessions.findOwnedListed(EXAMPLE_KEY, idOrName);
    expect(found, idOrName).to.not.equal(null);
    return found!;
  };

  it('answers the same record while nothing is written (the same object on SQLite)', async () => {
    const spec = newSession('poll', [{ cpu: '1' }]);
    await sessions.create(spec);
    const first = await read('poll');
    const again = await read('poll');
    expect(again).to.deep.equal(first);
    if (harness.driver === 'sqlite') expect(again).to.equal(first);
    else expect(again).to.not.equal(first);
  });

  it("sees the repository's writes: status changes, kernel placement, rename", async () => {
    const spec = newSession('poll', [{ cpu: '1' }]);
    await sessions.create(spec);
    expect((await read('poll')).status).to.equal('PENDING');
    await sessions.setSessionStatus(spec.id, 'RUNNING', { at: new Date() });
    expect((await read('poll')).status).to.equal('RUNNING');
    await sessions.setKernelStatus(spec.kernels[0]!.id, 'RUNNING', {
      at: new Date(),
      kernelHost: '10.0.0.9',
    });
    expect((await read('poll')).kernels[0]!.kernelHost).to.equal('10.0.0.9');
    expect(await sessions.rename(spec.id, 'renamed', ['RUNNING'])).to.equal('renamed');
    expect(await sessions.findOwnedListed(EXAMPLE_KEY, 'poll')).to.equal(null);
    expect((await read('renamed')).id).to.equal(spec.id);
  });

  it('sees rows written behind its back by another connection, joined rows included', async () => {
    const spec = newSession('poll', [{ cpu: '1' }]);
    await sessions.create(spec);
    const before = await read('poll');
    expect(before.tag).to.equal(null);
    await db.query(`update sessions set tag = $1 where id = $2`, ['from-outside', spec.id]);
    expect((await read('poll')).tag).to.equal('from-outside');
    await db.query(`update kernels set kernel_host = $1 where id = $2`, ['10.1.2.3', spec.kernels[0]!.id]);
    expect((await read('poll')).kernels[0]!.kernelHost).to.equal('10.1.2.3');
    // The owner's e-mail comes from the users table.
    await db.query(`update users set email = $1 where uuid = $2`, ['renamed-admin@lablup.com', ADMIN_ID]);
    expect((await read('poll')).userEmail).to.equal('renamed-admin@lablup.com');
  });

  it('finds a session created after an unknown name was asked for', async () => {
    expect(await sessions.findOwnedListed(EXAMPLE_KEY, 'later')).to.equal(null);
    await sessions.create(newSession('later', [{ cpu: '1' }]));
    expect((await read('later')).name).to.equal('later');
  });

  it('answers frozen records, which a caller cannot change for the next one', async () => {
    await sessions.create(newSession('poll', [{ cpu: '1' }]));
    const record = await read('poll');
    const writable = record as { -readonly [K in keyof ListedSession]: ListedSession[K] };
    expect(() => (writable.status = 'TERMINATED')).to.throw(TypeError);
    expect(() => ((writable.kernels[0] as { status: string }).status = 'TERMINATED')).to.throw(TypeError);
    expect(() => (writable.environ['LANG'] = 'tampered')).to.throw(TypeError);
    expect(() => writable.statusHistory && Object.assign(writable.statusHistory, { x: 1 })).to.throw(
      TypeError,
    );
    const again = await read('poll');
    expect(again.status).to.equal('PENDING');
    expect(again.environ).to.deep.equal({ LANG: 'C.UTF-8' });
  });
});
