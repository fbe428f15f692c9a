import { expect } from 'chai';
import type { Database, KernelPlacement, SessionRecord } from '@tessera/core';
import {
  beforeEachWithAgents,
  describeOnDrivers,
  openDatabase,
  type OpenDatabase,
} from '../support/database-drivers';
import { heartbeat, newSession } from '../support/sample-records';

const GiB = 1024 ** 3;

function on(session: SessionRecord, agentId: string): { sessionId: string; placements: KernelPlacement[] } {
  return {
    sessionId: session.id,
    placements: session.kernels.map((k) => ({ kernelId: k.id, agentId, slots: k.requestedSlots })),
  };
}

/**
 * `commitAllocations`: several sessions in one transaction (one statement on PostgreSQL, the ORM
 * on SQLite), with the same answers on both drivers.
 */
describeOnDrivers('database: commitAllocations (a batch)', (harness) => {
  let db: OpenDatabase;
  let database: Database;
  beforeEachWithAgents(
    harness,
    { 'agent-a': { cpu: '4', mem: String(8 * GiB) }, 'agent-b': { cpu: '2', mem: String(4 * GiB) } },
    (opened) => {
      db = opened;
      database = db.database;
    },
  );

  it('commits every session of the batch, and skips one that is no longer PENDING', async () => {
    const first = await database.sessions.create(newSession('first', [{ cpu: '1', mem: String(GiB) }]));
    const gone = await database.sessions.create(newSession('gone', [{ cpu: '1' }]));
    const last = await database.sessions.create(
      newSession('last', [{ cpu: '1.5', mem: String(GiB) }, { cpu: '0.5' }]),
    );
    await database.sessions.setSessionStatus(gone.id, 'CANCELLED', { at: new Date() });
    const at = new Date('2030-01-01T00:00:00Z');

    const result = await database.sessions.commitAllocations(
      [on(first, 'agent-a'), on(gone, 'agent-a'), on(last, 'agent-a')],
      at,
    );

    expect(result).to.deep.equal({
      ok: true,
      outcomes: [{ ok: true }, { ok: false, reason: 'session-not-pending' }, { ok: true }],
    });
    // Exact sums, written as decimal text without trailing zeros: 1 + 1.5 + 0.5 = 3.
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({
      cpu: '3',
      mem: String(2 * GiB),
    });
    const read = (await database.sessions.get(last.id))!;
    expect(read).to.deep.include({ status: 'SCHEDULED', statusInfo: 'scheduled' });
    expect(read.occupyingSlots).to.deep.equal({ cpu: '2', mem: String(GiB) });
    expect(read.statusHistory).to.deep.equal({ ...last.statusHistory, SCHEDULED: at.toISOString() });
    expect(read.kernels.map((k) => [k.status, k.agentId, k.agentAddress, k.occupiedSlots])).to.deep.equal(
      last.kernels.map((k) => ['SCHEDULED', 'agent-a', 'inproc://agent-a', k.requestedSlots]),
    );
    const skipped = (await database.sessions.get(gone.id))!;
    expect(skipped.status).to.equal('CANCELLED');
    expect(skipped.kernels[0]!.agentId).to.equal(null);
    expect(skipped.occupyingSlots).to.deep.equal({});
  });

  it('writes nothing of the batch when an agent lacks room for a later session, and names it', async () => {
    const a1 = await database.sessions.create(newSession('a1', [{ cpu: '3' }]));
    const b1 = await database.sessions.create(newSession('b1', [{ cpu: '1' }]));
    const a2 = await database.sessions.create(newSession('a2', [{ cpu: '1' }]));
    const a3 = await database.sessions.create(newSession('a3', [{ cpu: '0.5' }]));
    const before = await database.sessions.getMany([a1.id, b1.id, a2.id, a3.id]);

    // agent-a: 3 + 1 fits in 4, then 0.5 more does not: the fourth session is the one refused.
    const result = await database.sessions.commitAllocations(
      [on(a1, 'agent-a'), on(b1, 'agent-b'), on(a2, 'agent-a'), on(a3, 'agent-a')],
      new Date(),
    );

    expect(result).to.deep.equal({
      ok: false,
      reason: 'agent-capacity-changed',
      sessionId: a3.id,
      agentId: 'agent-a',
    });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({});
    expect((await database.agents.get('agent-b'))!.occupiedSlots).to.deep.equal({});
    const after = await database.sessions.getMany([a1.id, b1.id, a2.id, a3.id]);
    const byId = (list: SessionRecord[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(after)).to.deep.equal(byId(before));
  });

  it('names the first session in batch order that meets a changed agent', async () => {
    const a1 = await database.sessions.create(newSession('a1', [{ cpu: '1' }]));
    const b1 = await database.sessions.create(newSession('b1', [{ cpu: '1' }]));
    const a2 = await database.sessions.create(newSession('a2', [{ cpu: '9' }]));
    await database.agents.markStatus('agent-b', 'LOST');

    const result = await database.sessions.commitAllocations(
      [on(a1, 'agent-a'), on(b1, 'agent-b'), on(a2, 'agent-a')],
      new Date(),
    );

    expect(result).to.deep.equal({
      ok: false,
      reason: 'agent-capacity-changed',
      sessionId: b1.id,
      agentId: 'agent-b',
    });
    expect((await database.sessions.get(a1.id))!.status).to.equal('PENDING');
  });

  it('refuses an agent whose occupied slots already exceed what it now reports, on any slot', async () => {
    const big = await database.sessions.create(newSession('big', [{ cpu: '1', mem: String(6 * GiB) }]));
    expect((await database.sessions.commitAllocations([on(big, 'agent-a')], new Date())).ok).to.equal(true);
    // The agent restarts with less memory: it holds 6 GiB of 4.
    await database.agents.upsertFromHeartbeat(
      heartbeat('agent-a', { cpu: '4', mem: String(4 * GiB) }),
      new Date(),
    );
    const small = await database.sessions.create(newSession('cpu-only', [{ cpu: '1' }]));

    const result = await database.sessions.commitAllocations([on(small, 'agent-a')], new Date());

    expect(result).to.deep.equal({
      ok: false,
      reason: 'agent-capacity-changed',
      sessionId: small.id,
      agentId: 'agent-a',
    });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({
      cpu: '1',
      mem: String(6 * GiB),
    });
  });

  it('places a multi-node session across agents, and adds slots the agent did not hold yet', async () => {
    await database.agents.upsertFromHeartbeat(
      heartbeat(
        'gpu',
        { cpu: '8', 'cuda.shares': '1' },
        { slotTypes: { cpu: 'count', 'cuda.shares': 'count' } },
      ),
      new Date(),
    );
    const cpu = await database.sessions.create(newSession('cpu', [{ cpu: '1' }]));
    const multi = await database.sessions.create(
      newSession(
        'multi',
        [
          { cpu: '1', 'cuda.shares': '0.25' },
          { cpu: '1', mem: String(GiB) },
        ],
        {
          clusterMode: 'multi-node',
        },
      ),
    );
    const [main, sub] = multi.kernels;
    const result = await database.sessions.commitAllocations(
      [
        on(cpu, 'gpu'),
        {
          sessionId: multi.id,
          placements: [
            { kernelId: main!.id, agentId: 'gpu', slots: main!.requestedSlots },
            { kernelId: sub!.id, agentId: 'agent-b', slots: sub!.requestedSlots },
          ],
        },
      ],
      new Date(),
    );

    expect(result).to.deep.equal({ ok: true, outcomes: [{ ok: true }, { ok: true }] });
    expect((await database.agents.get('gpu'))!.occupiedSlots).to.deep.equal({
      cpu: '2',
      'cuda.shares': '0.25',
    });
    expect((await database.agents.get('agent-b'))!.occupiedSlots).to.deep.equal({
      cpu: '1',
      mem: String(GiB),
    });
    const read = (await database.sessions.get(multi.id))!;
    expect(read.occupyingSlots).to.deep.equal({ cpu: '2', 'cuda.shares': '0.25', mem: String(GiB) });
    expect(read.kernels.map((k) => k.agentId)).to.deep.equal(['gpu', 'agent-b']);
  });

  it("throws on placements that do not cover a session's kernels, and writes nothing of the batch", async () => {
    const fine = await database.sessions.create(newSession('fine', [{ cpu: '1' }]));
    const two = await database.sessions.create(newSession('two', [{ cpu: '1' }, { cpu: '1' }]));
    const partial = on(two, 'agent-a');
    partial.placements = partial.placements.slice(0, 1);

    const error = await database.sessions.commitAllocations([on(fine, 'agent-a'), partial], new Date()).then(
      () => null,
      (e: unknown) => e as Error,
    );

    expect(error).to.be.instanceOf(Error);
    expect(error!.message).to.contain(two.kernels[1]!.id);
    expect((await database.sessions.get(fine.id))!.status).to.equal('PENDING');
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({});
  });

  it('gives the same answers once the server has settled on a cached plan for the statement', async function () {
    this.timeout(30_000);
    await database.agents.upsertFromHeartbeat(heartbeat('big', { cpu: '100' }), new Date());
    // Enough batches that every pooled connection has run the statement more than five times.
    for (let i = 0; i < 32; i++) {
      const warm = await database.sessions.create(newSession(`warm${i}`, [{ cpu: '1' }]));
      expect((await database.sessions.commitAllocations([on(warm, 'big')], new Date())).ok).to.equal(true);
    }
    const [a, gone, b, c] = await Promise.all(
      ['a', 'gone', 'b', 'c'].map((name) => database.sessions.create(newSession(name, [{ cpu: '2' }]))),
    );
    await database.sessions.setSessionStatus(gone!.id, 'CANCELLED', { at: new Date() });

    const refused = await database.sessions.commitAllocations(
      [on(a!, 'agent-a'), on(b!, 'agent-a'), on(c!, 'agent-a')],
      new Date(),
    );
    expect(refused).to.deep.equal({
      ok: false,
      reason: 'agent-capacity-changed',
      sessionId: c!.id,
      agentId: 'agent-a',
    });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({});

    const committed = await database.sessions.commitAllocations(
      [on(a!, 'agent-a'), on(gone!, 'agent-a'), on(b!, 'agent-a')],
      new Date(),
    );
    expect(committed).to.deep.equal({
      ok: true,
      outcomes: [{ ok: true }, { ok: false, reason: 'session-not-pending' }, { ok: true }],
    });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({ cpu: '4' });
    expect((await database.agents.get('big'))!.occupiedSlots).to.deep.equal({ cpu: '32' });
  });

  it('lets two managers commit overlapping batches in opposite agent orders without deadlock or over-commit', async function () {
    this.timeout(30_000);
    const other = harness.driver === 'postgresql' ? await openDatabase(harness.config()) : db;
    try {
      const managers = [database, other.database];
      // 2 x 12 one-cpu sessions onto 6 cpus over two agents: each manager alternates agents, the
      // second in the opposite order, so their batches lock the same rows in different orders.
      const sessions = await Promise.all(
        Array.from({ length: 24 }, (_, i) => database.sessions.create(newSession(`s${i}`, [{ cpu: '1' }]))),
      );
      const batches = [0, 1].map((m) =>
        Array.from({ length: 6 }, (_, b) =>
          [0, 1].map((j) => {
            const session = sessions[m * 12 + b * 2 + j]!;
            const agent = (j + m) % 2 === 0 ? 'agent-a' : 'agent-b';
            return on(session, agent);
          }),
        ),
      );
      const results = await Promise.all(
        [0, 1].map(async (m) => {
          const outcomes = [];
          for (const batch of batches[m]!)
            outcomes.push(await managers[m]!.sessions.commitAllocations(batch, new Date()));
          return outcomes;
        }),
      );

      const committed = results
        .flat()
        .flatMap((result) => (result.ok ? result.outcomes.filter((o) => o.ok) : []));
      const a = (await database.agents.get('agent-a'))!.occupiedSlots;
      const b = (await database.agents.get('agent-b'))!.occupiedSlots;
      expect(Number(a['cpu'] ?? 0)).to.be.at.most(4);
      expect(Number(b['cpu'] ?? 0)).to.be.at.most(2);
      expect(Number(a['cpu'] ?? 0) + Number(b['cpu'] ?? 0)).to.equal(committed.length);
      const scheduled = await database.sessions.listByStatus(['SCHEDULED']);
      expect(scheduled).to.have.length(committed.length);
      expect(committed.length).to.be.at.least(4);
    } finally {
      if (other !== db) await other.database.close();
    }
  });
});
