import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Database, SessionRecord } from '@tessera/core';
import { describeOnDrivers, type OpenDatabase } from '../support/database-drivers';
import { heartbeat, newSession } from '../support/sample-records';

const byId = (sessions: SessionRecord[]) => [...sessions].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Backend.AI's last_stat form, as agents publish it in agent_stats. */
function stat(cpuUsedMs: number, memBytes: number): Record<string, unknown> {
  return {
    cpu_used: {
      current: String(cpuUsedMs),
      capacity: null,
      pct: null,
      unit_hint: 'msec',
      'stats.rate': '12.5',
    },
    mem: {
      current: String(memBytes),
      capacity: '1073741824',
      pct: '50.00',
      unit_hint: 'bytes',
      'stats.max': '600',
    },
  };
}

/**
 * What agents report about their kernels, stored with them: the kernels a heartbeat lists, each
 * kernel's last stat (one statement per report, only while the agent holds the kernel), the host a
 * kernel publishes its ports on, and the resource_opts a session asked for.
 */
describeOnDrivers('database: what agents report about kernels', (harness) => {
  let db: OpenDatabase;
  let database: Database;

  beforeEach(async () => {
    db = await harness.open();
    database = db.database;
    for (const agent of ['agent-a', 'agent-b'])
      await database.agents.upsertFromHeartbeat(
        heartbeat(agent, { cpu: '8', mem: String(8 * 1024 ** 3) }),
        new Date(),
      );
  });
  afterEach(() => db.database.close());

  /** A session with one kernel per entry, placed on the agents given, and moved to `status`. */
  const placed = async (name: string, agents: string[], status: 'SCHEDULED' | 'RUNNING' = 'RUNNING') => {
    const session = await database.sessions.create(
      newSession(
        name,
        agents.map(() => ({ cpu: '1' })),
      ),
    );
    const outcome = await database.sessions.commitAllocation(
      session.id,
      session.kernels.map((kernel, i) => ({ kernelId: kernel.id, agentId: agents[i]!, slots: { cpu: '1' } })),
      new Date(),
    );
    expect(outcome.ok).to.equal(true);
    if (status === 'RUNNING')
      for (const kernel of session.kernels)
        await database.sessions.setKernelStatus(kernel.id, 'RUNNING', {
          at: new Date(),
          kernelHost: '10.0.0.7',
        });
    return (await database.sessions.get(session.id))!;
  };
  const lastStats = async (sessionId: string) => {
    const page = await database.sessions.list({ ids: [sessionId], limit: 1, offset: 0 });
    return page.items[0]!.kernels.map((kernel) => kernel.lastStat);
  };

  it('keeps resource_opts and the kernel host with the kernels, read alike by listByStatus and the ORM', async () => {
    const fresh = newSession('opts', [{ cpu: '1' }, { cpu: '1' }]);
    const created = await database.sessions.create({
      ...fresh,
      kernels: fresh.kernels.map((kernel) => ({ ...kernel, resourceOpts: { shmem: '1073741824' } })),
    });
    const plain = await database.sessions.create(newSession('plain', [{ cpu: '1' }]));
    expect(created.kernels.map((k) => k.resourceOpts)).to.deep.equal([
      { shmem: '1073741824' },
      { shmem: '1073741824' },
    ]);
    expect(plain.kernels[0]).to.deep.include({ resourceOpts: {}, kernelHost: null });

    await database.sessions.commitAllocation(
      created.id,
      created.kernels.map((kernel) => ({ kernelId: kernel.id, agentId: 'agent-a', slots: { cpu: '1' } })),
      new Date(),
    );
    await database.sessions.setKernelStatus(created.kernels[0]!.id, 'RUNNING', {
      at: new Date(),
      kernelHost: '192.168.0.12',
    });

    const viaSql = await database.sessions.listByStatus(['PENDING', 'SCHEDULED']);
    const viaOrm = await database.sessions.getMany([created.id, plain.id]);
    expect(byId(viaSql)).to.deep.equal(byId(viaOrm));
    const read = viaOrm.find((s) => s.id === created.id)!;
    expect(read.kernels.map((k) => [k.kernelHost, k.resourceOpts])).to.deep.equal([
      ['192.168.0.12', { shmem: '1073741824' }],
      [null, { shmem: '1073741824' }],
    ]);
    const listed = await database.sessions.list({ ids: [created.id], limit: 1, offset: 0 });
    expect(listed.items[0]!.kernels[0]).to.deep.include({ kernelHost: '192.168.0.12' });
  });

  it('lists the kernels placed on an agent in the statuses asked for', async () => {
    const running = await placed('running', ['agent-a', 'agent-b']);
    const scheduled = await placed('scheduled', ['agent-a'], 'SCHEDULED');
    await database.sessions.create(newSession('pending', [{ cpu: '1' }]));

    const onA = await database.sessions.kernelsOn('agent-a', ['RUNNING', 'SCHEDULED']);
    expect(onA.map((k) => k.id).sort()).to.deep.equal(
      [running.kernels[0]!.id, scheduled.kernels[0]!.id].sort(),
    );
    expect(onA.find((k) => k.id === running.kernels[0]!.id)).to.deep.include({
      sessionId: running.id,
      agentId: 'agent-a',
      status: 'RUNNING',
      kernelHost: '10.0.0.7',
    });
    expect((await database.sessions.kernelsOn('agent-a', ['RUNNING'])).map((k) => k.id)).to.deep.equal([
      running.kernels[0]!.id,
    ]);
    expect(await database.sessions.kernelsOn('agent-a', [])).to.deep.equal([]);
    expect(await database.sessions.kernelsOn('nobody', ['RUNNING'])).to.deep.equal([]);
  });

  it("writes every kernel's last stat the agent reports, only for kernels that agent still holds", async () => {
    const both = await placed('both', ['agent-a', 'agent-a']);
    const elsewhere = await placed('elsewhere', ['agent-b']);
    const [main, sub] = both.kernels;

    const written = await database.sessions.recordLastStats('agent-a', {
      [main!.id]: stat(1500, 400),
      // Upper case is the same kernel: ids are compared as UUIDs.
      [sub!.id.toUpperCase()]: stat(700, 300),
      // Another agent's kernel, a kernel nobody has, and what is not a kernel id are left alone.
      [elsewhere.kernels[0]!.id]: stat(1, 1),
      [randomUUID()]: stat(2, 2),
      'not-a-uuid': stat(3, 3),
    });

    expect(written).to.equal(2);
    expect(await lastStats(both.id)).to.deep.equal([stat(1500, 400), stat(700, 300)]);
    expect(await lastStats(elsewhere.id)).to.deep.equal([null]);
    expect(await database.sessions.recordLastStats('agent-a', {})).to.equal(0);
  });

  it("keeps an ended kernel's last stat: a late report does not overwrite it", async () => {
    const ending = await placed('ending', ['agent-a']);
    const kernel = ending.kernels[0]!;
    await database.sessions.recordLastStats('agent-a', { [kernel.id]: stat(1000, 100) });
    await database.sessions.setKernelStatus(kernel.id, 'TERMINATING', { at: new Date() });
    // Still held while it is being terminated: its final measures are kept.
    expect(await database.sessions.recordLastStats('agent-a', { [kernel.id]: stat(2000, 200) })).to.equal(1);
    await database.sessions.setKernelStatus(kernel.id, 'TERMINATED', { at: new Date() });

    expect(await database.sessions.recordLastStats('agent-a', { [kernel.id]: stat(9999, 999) })).to.equal(0);
    expect(await lastStats(ending.id)).to.deep.equal([stat(2000, 200)]);
    // Status changes written through the ORM leave the stat alone.
    expect((await database.sessions.get(ending.id))!.kernels[0]!.status).to.equal('TERMINATED');
    expect(await lastStats(ending.id)).to.deep.equal([stat(2000, 200)]);
  });

  it('keeps the kernels the last heartbeat listed, none when it carried no list', async () => {
    const listed = [randomUUID(), randomUUID()];
    await database.agents.upsertFromHeartbeat(
      heartbeat('agent-a', { cpu: '8' }, { kernels: listed }),
      new Date(),
    );
    expect((await database.agents.get('agent-a'))!.reportedKernels).to.deep.equal(listed);
    await database.agents.upsertFromHeartbeat(
      heartbeat('agent-a', { cpu: '8' }, { kernels: [] }),
      new Date(),
    );
    expect((await database.agents.get('agent-a'))!.reportedKernels).to.deep.equal([]);
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '8' }), new Date());
    expect((await database.agents.get('agent-a'))!.reportedKernels).to.equal(undefined);
  });
});
