import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bootTestKernel, type Database, type SessionRecord, type TestKernel } from '@tessera/core';
import { heartbeat, newSession } from '../../unit/database/support/sample-records';

describe('database plugin: concurrent commitAllocation on one agent', () => {
  let folder: string;
  let test: TestKernel;
  let database: Database;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tessera-db-'));
    test = await bootTestKernel({
      roles: ['manager'],
      plugins: [{ package: '@tessera/database', config: { path: join(folder, 'tessera.sqlite') } }],
    });
    database = test.kernel.resolve<Database>('database');
    await database.agents.upsertFromHeartbeat(
      heartbeat('agent-a', { cpu: '4', mem: '8589934592' }),
      new Date(),
    );
  });
  afterEach(async () => {
    await test.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  function commit(session: SessionRecord) {
    return database.sessions.commitAllocation(
      session.id,
      session.kernels.map((k) => ({ kernelId: k.id, agentId: 'agent-a', slots: k.requestedSlots })),
      new Date(),
    );
  }

  it('lets exactly one of two sessions that together would over-commit the agent win', async () => {
    const a = await database.sessions.create(newSession('a', [{ cpu: '3', mem: '4294967296' }]));
    const b = await database.sessions.create(newSession('b', [{ cpu: '3', mem: '4294967296' }]));
    const outcomes = await Promise.all([commit(a), commit(b)]);

    expect(outcomes.filter((o) => o.ok)).to.have.length(1);
    expect(outcomes.find((o) => !o.ok)).to.deep.equal({
      ok: false,
      reason: 'agent-capacity-changed',
      agentId: 'agent-a',
    });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({
      cpu: '3',
      mem: '4294967296',
    });
    const statuses = [
      (await database.sessions.get(a.id))!.status,
      (await database.sessions.get(b.id))!.status,
    ].sort();
    expect(statuses).to.deep.equal(['PENDING', 'SCHEDULED']);
  });

  it('never over-commits under a burst: eight 1-cpu sessions on a 4-cpu agent, four win', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => database.sessions.create(newSession(`s${i}`, [{ cpu: '1' }]))),
    );
    const outcomes = await Promise.all(sessions.map(commit));
    expect(outcomes.filter((o) => o.ok)).to.have.length(4);
    expect((await database.agents.get('agent-a'))!.occupiedSlots.cpu).to.equal('4');
    expect(await database.sessions.listByStatus(['SCHEDULED'])).to.have.length(4);
  });

  it('schedules one session only once when two passes commit it at the same time', async () => {
    const session = await database.sessions.create(newSession('once', [{ cpu: '1' }]));
    const outcomes = await Promise.all([commit(session), commit(session)]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.reason)).sort()).to.deep.equal(['ok', 'session-not-pending']);
    expect((await database.agents.get('agent-a'))!.occupiedSlots.cpu).to.equal('1');
  });
});
