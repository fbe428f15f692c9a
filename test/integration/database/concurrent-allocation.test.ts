import { expect } from 'chai';
import { ResourceSlot, type Database, type SessionRecord } from '@tessera/core';
import { describeOnDrivers, openDatabase, type OpenDatabase } from './support/database-drivers';
import { heartbeat, newSession } from './support/sample-records';

/**
 * Two schedulers committing at once. On PostgreSQL they are two managers: two MikroORM instances
 * with their own connection pools, so only the row locks keep them apart. SQLite is embedded (one
 * process, one connection), so there the two are concurrent calls on one instance.
 */
describeOnDrivers('database: concurrent commitAllocation', (harness) => {
  let first: OpenDatabase;
  let second: OpenDatabase;
  let managers: [Database, Database];

  beforeEach(async () => {
    first = await harness.open();
    second = harness.driver === 'postgresql' ? await openDatabase(harness.config()) : first;
    managers = [first.database, second.database];
    await first.database.agents.upsertFromHeartbeat(
      heartbeat('agent-a', { cpu: '4', mem: '8589934592' }),
      new Date(),
    );
  });
  afterEach(async () => {
    await first.database.close();
    await second.database.close();
  });

  function commit(manager: Database, session: SessionRecord, agentId = 'agent-a') {
    return manager.sessions.commitAllocation(
      session.id,
      session.kernels.map((k) => ({ kernelId: k.id, agentId, slots: k.requestedSlots })),
      new Date(),
    );
  }

  it('lets exactly one of two sessions that together would over-commit the agent win', async () => {
    const [one, two] = managers;
    const a = await one.sessions.create(newSession('a', [{ cpu: '3', mem: '4294967296' }]));
    const b = await one.sessions.create(newSession('b', [{ cpu: '3', mem: '4294967296' }]));
    const outcomes = await Promise.all([commit(one, a), commit(two, b)]);

    expect(outcomes.filter((o) => o.ok)).to.have.length(1);
    expect(outcomes.find((o) => !o.ok)).to.deep.equal({
      ok: false,
      reason: 'agent-capacity-changed',
      agentId: 'agent-a',
    });
    expect((await two.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({ cpu: '3', mem: '4294967296' });
    const statuses = [(await one.sessions.get(a.id))!.status, (await two.sessions.get(b.id))!.status].sort();
    expect(statuses).to.deep.equal(['PENDING', 'SCHEDULED']);
  });

  it('never over-commits under a burst: eight 1-cpu sessions on a 4-cpu agent, four win', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => managers[0].sessions.create(newSession(`s${i}`, [{ cpu: '1' }]))),
    );
    const outcomes = await Promise.all(sessions.map((s, i) => commit(managers[i % 2]!, s)));
    expect(outcomes.filter((o) => o.ok)).to.have.length(4);
    expect((await managers[1].agents.get('agent-a'))!.occupiedSlots.cpu).to.equal('4');
    expect(await managers[0].sessions.listByStatus(['SCHEDULED'])).to.have.length(4);
  });

  it('schedules one session only once when two managers commit it at the same time', async () => {
    const session = await managers[0].sessions.create(newSession('once', [{ cpu: '1' }]));
    const outcomes = await Promise.all([commit(managers[0], session), commit(managers[1], session)]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.reason)).sort()).to.deep.equal(['ok', 'session-not-pending']);
    expect((await managers[0].agents.get('agent-a'))!.occupiedSlots.cpu).to.equal('1');
  });

  it('keeps every agent within capacity when both managers place sessions over shared agents', async () => {
    const agents = ['agent-a', 'agent-b', 'agent-c'];
    for (const id of agents.slice(1)) {
      await managers[0].agents.upsertFromHeartbeat(
        heartbeat(id, { cpu: '4', mem: '8589934592' }),
        new Date(),
      );
    }
    const sessions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        managers[0].sessions.create(newSession(`burst${i}`, [{ cpu: '1', mem: '1073741824' }])),
      ),
    );
    // Every session tries an agent in turn; both managers work through the same list at once.
    const outcomes = await Promise.all(
      sessions.map((session, i) => commit(managers[i % 2]!, session, agents[i % agents.length])),
    );
    const scheduled = await managers[1].sessions.listByStatus(['SCHEDULED']);
    expect(scheduled).to.have.length(outcomes.filter((o) => o.ok).length);
    expect(scheduled).to.have.length(12);
    for (const id of agents) {
      const agent = (await managers[1].agents.get(id))!;
      const placed = scheduled
        .flatMap((s) => s.kernels)
        .filter((k) => k.agentId === id)
        .reduce((sum, k) => sum.add(ResourceSlot.fromJSON(k.occupiedSlots)), new ResourceSlot());
      expect(
        ResourceSlot.fromJSON(agent.occupiedSlots).fitsIn(ResourceSlot.fromJSON(agent.availableSlots)),
      ).to.equal(true);
      expect(agent.occupiedSlots).to.deep.equal(placed.toJSON());
    }
  });
});
