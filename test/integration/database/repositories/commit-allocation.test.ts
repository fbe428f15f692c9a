import { expect } from 'chai';
import type { Database, KernelPlacement, SessionRecord } from '@tessera/core';
import { beforeEachWithAgents, describeOnDrivers } from '../support/database-drivers';
import { heartbeat, newSession } from '../support/sample-records';

const GiB = String(1024 ** 3);

function placeAll(session: SessionRecord, agentId: string): KernelPlacement[] {
  return session.kernels.map((k) => ({ kernelId: k.id, agentId, slots: k.requestedSlots }));
}

describeOnDrivers('database: commitAllocation', (harness) => {
  let database: Database;
  beforeEachWithAgents(harness, { 'agent-a': { cpu: '4', mem: String(8 * 1024 ** 3) } }, (db) => {
    database = db.database;
  });

  it('reserves the slots on the agent and moves the session and kernels to SCHEDULED', async () => {
    const session = await database.sessions.create(
      newSession('s', [
        { cpu: '1', mem: GiB },
        { cpu: '2', mem: GiB },
      ]),
    );
    const at = new Date('2030-01-01T00:00:00Z');
    expect(
      await database.sessions.commitAllocation(session.id, placeAll(session, 'agent-a'), at),
    ).to.deep.equal({ ok: true });

    const agent = (await database.agents.get('agent-a'))!;
    expect(agent.occupiedSlots).to.deep.equal({ cpu: '3', mem: String(2 * 1024 ** 3) });
    const read = (await database.sessions.get(session.id))!;
    expect(read.status).to.equal('SCHEDULED');
    expect(read.statusInfo).to.equal('scheduled');
    expect(read.statusHistory.SCHEDULED).to.equal(at.toISOString());
    expect(read.statusHistory.PENDING).to.equal(session.statusHistory.PENDING);
    expect(read.occupyingSlots).to.deep.equal({ cpu: '3', mem: String(2 * 1024 ** 3) });
    for (const kernel of read.kernels) {
      expect(kernel.status).to.equal('SCHEDULED');
      expect(kernel.agentId).to.equal('agent-a');
      expect(kernel.agentAddress).to.equal('inproc://agent-a');
      expect(kernel.occupiedSlots).to.deep.equal(kernel.requestedSlots);
    }
  });

  it('refuses when an agent no longer has room, and writes nothing', async () => {
    const first = await database.sessions.create(newSession('first', [{ cpu: '3' }]));
    const second = await database.sessions.create(newSession('second', [{ cpu: '2' }]));
    expect(
      (await database.sessions.commitAllocation(first.id, placeAll(first, 'agent-a'), new Date())).ok,
    ).to.equal(true);

    const outcome = await database.sessions.commitAllocation(
      second.id,
      placeAll(second, 'agent-a'),
      new Date(),
    );
    expect(outcome).to.deep.equal({ ok: false, reason: 'agent-capacity-changed', agentId: 'agent-a' });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({ cpu: '3' });
    const read = (await database.sessions.get(second.id))!;
    expect(read).to.deep.equal(second);
  });

  it('writes nothing when the second of two agents is full, even though the first had room', async () => {
    await database.agents.upsertFromHeartbeat(heartbeat('agent-b', { cpu: '1' }), new Date());
    const session = await database.sessions.create(
      newSession('multi', [{ cpu: '1' }, { cpu: '2' }], { clusterMode: 'multi-node' }),
    );
    const [main, sub] = session.kernels;
    const outcome = await database.sessions.commitAllocation(
      session.id,
      [
        { kernelId: main!.id, agentId: 'agent-a', slots: main!.requestedSlots },
        { kernelId: sub!.id, agentId: 'agent-b', slots: sub!.requestedSlots },
      ],
      new Date(),
    );
    expect(outcome).to.deep.equal({ ok: false, reason: 'agent-capacity-changed', agentId: 'agent-b' });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({});
    expect((await database.agents.get('agent-b'))!.occupiedSlots).to.deep.equal({});
    expect(await database.sessions.get(session.id)).to.deep.equal(session);
  });

  it('refuses a session that is no longer PENDING without touching the agent', async () => {
    const session = await database.sessions.create(newSession('s', [{ cpu: '1' }]));
    expect(
      (await database.sessions.commitAllocation(session.id, placeAll(session, 'agent-a'), new Date())).ok,
    ).to.equal(true);
    const again = await database.sessions.commitAllocation(
      session.id,
      placeAll(session, 'agent-a'),
      new Date(),
    );
    expect(again).to.deep.equal({ ok: false, reason: 'session-not-pending' });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({ cpu: '1' });

    const cancelled = await database.sessions.create(newSession('c', [{ cpu: '1' }]));
    await database.sessions.setSessionStatus(cancelled.id, 'CANCELLED', { at: new Date() });
    const refused = await database.sessions.commitAllocation(
      cancelled.id,
      placeAll(cancelled, 'agent-a'),
      new Date(),
    );
    expect(refused).to.deep.equal({ ok: false, reason: 'session-not-pending' });
    expect((await database.sessions.get(cancelled.id))!.kernels[0]!.agentId).to.equal(null);
  });

  it('refuses an agent that was marked LOST after the scheduler looked at it', async () => {
    const session = await database.sessions.create(newSession('s', [{ cpu: '1' }]));
    await database.agents.markStatus('agent-a', 'LOST');
    const outcome = await database.sessions.commitAllocation(
      session.id,
      placeAll(session, 'agent-a'),
      new Date(),
    );
    expect(outcome).to.deep.equal({ ok: false, reason: 'agent-capacity-changed', agentId: 'agent-a' });
    expect((await database.sessions.get(session.id))!.status).to.equal('PENDING');
  });

  it('adds fractional slots exactly: 0.1 + 0.2 shares fit in 0.3', async () => {
    await database.agents.upsertFromHeartbeat(
      heartbeat('gpu', { cpu: '8', 'cuda.shares': '0.3' }),
      new Date(),
    );
    const a = await database.sessions.create(newSession('a', [{ cpu: '1', 'cuda.shares': '0.1' }]));
    const b = await database.sessions.create(newSession('b', [{ cpu: '1', 'cuda.shares': '0.2' }]));
    const c = await database.sessions.create(newSession('c', [{ cpu: '1', 'cuda.shares': '0.01' }]));
    expect((await database.sessions.commitAllocation(a.id, placeAll(a, 'gpu'), new Date())).ok).to.equal(
      true,
    );
    expect((await database.sessions.commitAllocation(b.id, placeAll(b, 'gpu'), new Date())).ok).to.equal(
      true,
    );
    expect((await database.agents.get('gpu'))!.occupiedSlots['cuda.shares']).to.equal('0.3');
    expect((await database.sessions.commitAllocation(c.id, placeAll(c, 'gpu'), new Date())).ok).to.equal(
      false,
    );
  });

  it("treats placements that do not cover the session's kernels as a bug and writes nothing", async () => {
    const session = await database.sessions.create(newSession('s', [{ cpu: '1' }, { cpu: '1' }]));
    const error = await database.sessions
      .commitAllocation(session.id, placeAll(session, 'agent-a').slice(0, 1), new Date())
      .catch((e: unknown) => e as Error);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.contain(session.kernels[1]!.id);
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({});
    expect((await database.sessions.get(session.id))!.status).to.equal('PENDING');
  });
});
