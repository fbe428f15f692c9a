import { expect } from 'chai';
import type { Database } from '@tessera/core';
import { describeOnDrivers, type OpenDatabase } from '../database/support/database-drivers';
import { heartbeat, newSession } from '../database/support/sample-records';

/** A node's measures as an agent's agent_stats carries them, in Backend.AI's live stat form. */
const LIVE = {
  node: {
    cpu_util: { current: '150', capacity: '800', pct: '18.75', unit_hint: 'percent' },
    mem: { current: '3221225472', capacity: '8589934592', pct: '37.50', unit_hint: 'bytes' },
  },
  devices: {},
};

/**
 * What the admin agent API reads and writes on the agents' rows, on SQLite and PostgreSQL (the
 * checked-in migration): the node's last stats, schedulable, and the kernels of a page of agents
 * in one read.
 */
describeOnDrivers('database: agents for the admin API', (harness) => {
  let db: OpenDatabase;
  let database: Database;

  beforeEach(async () => {
    db = await harness.open();
    database = db.database;
    for (const agent of ['agent-a', 'agent-b', 'agent-c'])
      await database.agents.upsertFromHeartbeat(
        heartbeat(agent, { cpu: '8', mem: String(8 * 1024 ** 3) }),
        new Date(),
      );
  });
  afterEach(() => db.database.close());

  const listed = async (id: string) => (await database.agents.list({ id, limit: 1, offset: 0 })).items[0]!;

  it("keeps the node's last stats and when they came; an unknown agent's report writes nothing", async () => {
    expect(await listed('agent-a')).to.deep.include({ lastStat: null, lastStatAt: null });
    const at = new Date('2026-12-04T10:00:00.000Z');
    expect(await database.agents.recordLastStat('agent-a', LIVE, at)).to.equal(true);
    expect(await listed('agent-a')).to.deep.include({ lastStat: LIVE, lastStatAt: at });
    expect(await listed('agent-b')).to.deep.include({ lastStat: null });

    const later = new Date('2026-12-04T10:00:05.000Z');
    const next = { node: { mem: { ...LIVE.node.mem, current: '1024' } }, devices: {} };
    await database.agents.recordLastStat('agent-a', next, later);
    expect(await listed('agent-a')).to.deep.include({ lastStat: next, lastStatAt: later });

    expect(await database.agents.recordLastStat('nobody', LIVE, at)).to.equal(false);
    expect(await database.agents.get('nobody')).to.equal(null);

    // A heartbeat changes what it reports and leaves the stats alone.
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), new Date());
    expect(await listed('agent-a')).to.deep.include({ lastStat: next, lastStatAt: later });
  });

  it('sets schedulable, which the scheduler reads and heartbeats keep', async () => {
    expect(await database.agents.setSchedulable('agent-b', false)).to.equal(true);
    expect((await database.agents.get('agent-b'))!.schedulable).to.equal(false);
    expect((await database.agents.listSchedulable('default')).map((a) => a.id)).to.deep.equal([
      'agent-a',
      'agent-c',
    ]);
    await database.agents.upsertFromHeartbeat(heartbeat('agent-b', { cpu: '8' }), new Date());
    expect((await database.agents.get('agent-b'))!.schedulable).to.equal(false);
    expect(await database.agents.setSchedulable('agent-b', true)).to.equal(true);
    expect((await database.agents.listSchedulable('default')).map((a) => a.id)).to.include('agent-b');
    expect(await database.agents.setSchedulable('nobody', false)).to.equal(false);
  });

  it('reads the kernels of several agents at once, by agent and creation, filtered by status', async () => {
    const place = async (name: string, agents: string[]) => {
      const session = await database.sessions.create(
        newSession(
          name,
          agents.map(() => ({ cpu: '1' })),
        ),
      );
      const outcome = await database.sessions.commitAllocation(
        session.id,
        session.kernels.map((kernel, i) => ({
          kernelId: kernel.id,
          agentId: agents[i]!,
          slots: { cpu: '1' },
        })),
        new Date(),
      );
      expect(outcome.ok).to.equal(true);
      return (await database.sessions.get(session.id))!;
    };
    const one = await place('one', ['agent-a', 'agent-b']);
    const two = await place('two', ['agent-a']);
    await database.sessions.create(newSession('pending', [{ cpu: '1' }]));
    await database.sessions.setKernelStatus(two.kernels[0]!.id, 'RUNNING', { at: new Date() });

    const all = await database.agents.kernelsOf(['agent-a', 'agent-b', 'agent-c']);
    // By agent; within one agent by creation time (two kernels made in one millisecond go by id).
    expect(all.map((k) => k.agentId)).to.deep.equal(['agent-a', 'agent-a', 'agent-b']);
    expect(all.slice(0, 2).map((k) => k.sessionId)).to.have.members([one.id, two.id]);
    expect(all[2]!.sessionId).to.equal(one.id);
    expect(all[0]).to.include.keys('createdAt', 'terminatedAt', 'lastStat');
    const running = await database.agents.kernelsOf(['agent-a', 'agent-b'], ['RUNNING']);
    expect(running.map((k) => k.id)).to.deep.equal([two.kernels[0]!.id]);
    expect(await database.agents.kernelsOf(['agent-c'])).to.deep.equal([]);
    expect(await database.agents.kernelsOf([])).to.deep.equal([]);
    expect(await database.agents.kernelsOf(['agent-a'], [])).to.deep.equal([]);
  });
});
