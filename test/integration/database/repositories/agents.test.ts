import { expect } from 'chai';
import type { Database } from '@tessera/core';
import { describeOnDrivers, type OpenDatabase } from '../support/database-drivers';
import { heartbeat, newSession } from '../support/sample-records';

describeOnDrivers('database: agents', (harness) => {
  let db: OpenDatabase;
  let database: Database;

  beforeEach(async () => {
    db = await harness.open();
    database = db.database;
  });
  afterEach(() => db.database.close());

  it('registers an agent from its first heartbeat as ALIVE and schedulable', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4', mem: '8589934592' }), at);
    const agent = (await database.agents.get('agent-a'))!;
    expect(agent).to.deep.include({
      id: 'agent-a',
      status: 'ALIVE',
      address: 'inproc://agent-a',
      region: 'local',
      resourceGroup: 'default',
      architecture: 'x86_64',
      version: '0.1.0',
      schedulable: true,
    });
    expect(agent.availableSlots).to.deep.equal({ cpu: '4', mem: '8589934592' });
    expect(agent.occupiedSlots).to.deep.equal({});
    expect(agent.computePlugins).to.deep.equal({ cpu: { version: '1' } });
    expect(agent.firstContact.toISOString()).to.equal(at.toISOString());
    expect(await database.agents.get('nobody')).to.equal(null);
  });

  it('keeps occupied slots and first contact across heartbeats, and takes the new capacity', async () => {
    const first = new Date('2030-01-01T00:00:00Z');
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), first);
    const session = await database.sessions.create(newSession('s', [{ cpu: '2' }]));
    await database.sessions.commitAllocation(
      session.id,
      [{ kernelId: session.kernels[0]!.id, agentId: 'agent-a', slots: { cpu: '2' } }],
      first,
    );
    const later = new Date('2030-01-01T00:00:10Z');
    await database.agents.upsertFromHeartbeat(
      heartbeat('agent-a', { cpu: '6' }, { version: '0.2.0' }),
      later,
    );

    const agent = (await database.agents.get('agent-a'))!;
    expect(agent.occupiedSlots).to.deep.equal({ cpu: '2' });
    expect(agent.availableSlots).to.deep.equal({ cpu: '6' });
    expect(agent.version).to.equal('0.2.0');
    expect(agent.firstContact.toISOString()).to.equal(first.toISOString());
    expect(agent.lastContact.toISOString()).to.equal(later.toISOString());
  });

  it('brings a LOST agent back to ALIVE on its next heartbeat', async () => {
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), new Date());
    await database.agents.markStatus('agent-a', 'LOST');
    expect((await database.agents.get('agent-a'))!.status).to.equal('LOST');
    expect(await database.agents.listSchedulable('default')).to.deep.equal([]);
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), new Date());
    expect((await database.agents.get('agent-a'))!.status).to.equal('ALIVE');
  });

  it('lists only ALIVE agents of the resource group, by id', async () => {
    const now = new Date();
    await database.agents.upsertFromHeartbeat(heartbeat('b', { cpu: '1' }), now);
    await database.agents.upsertFromHeartbeat(heartbeat('a', { cpu: '1' }), now);
    await database.agents.upsertFromHeartbeat(
      heartbeat('gpu-1', { cpu: '1' }, { resourceGroup: 'gpu' }),
      now,
    );
    await database.agents.upsertFromHeartbeat(heartbeat('gone', { cpu: '1' }), now);
    await database.agents.markStatus('gone', 'TERMINATED');
    expect((await database.agents.listSchedulable('default')).map((a) => a.id)).to.deep.equal(['a', 'b']);
    expect((await database.agents.listSchedulable('gpu')).map((a) => a.id)).to.deep.equal(['gpu-1']);
  });

  it('survives concurrent first heartbeats of the same agent', async () => {
    const at = new Date();
    await Promise.all(
      [1, 2, 3].map(() => database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), at)),
    );
    expect((await database.agents.listSchedulable('default')).map((a) => a.id)).to.deep.equal(['agent-a']);
  });

  it('marks an agent LOST only while it is ALIVE and silent since the cutoff, and lists agents by status', async () => {
    const contact = new Date('2030-01-01T00:00:00Z');
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), contact);
    await database.agents.upsertFromHeartbeat(heartbeat('agent-b', { cpu: '4' }), contact);

    // A heartbeat at or after the cutoff keeps it: the check lost the race to the heartbeat.
    expect(await database.agents.markLost('agent-a', contact)).to.equal(false);
    expect(await database.agents.markLost('agent-a', new Date('2030-01-01T00:00:01Z'))).to.equal(true);
    expect(await database.agents.markLost('agent-a', new Date('2030-01-01T00:00:01Z'))).to.equal(false);
    expect(await database.agents.markLost('nobody', new Date('2030-01-01T00:00:01Z'))).to.equal(false);

    expect((await database.agents.get('agent-a'))!.status).to.equal('LOST');
    expect((await database.agents.listByStatus(['ALIVE'])).map((a) => a.id)).to.deep.equal(['agent-b']);
    expect((await database.agents.listByStatus(['ALIVE', 'LOST'])).map((a) => a.id)).to.deep.equal([
      'agent-a',
      'agent-b',
    ]);
    expect(await database.agents.listSchedulable('default')).to.have.length(1);
  });
  it('lists a page of agents filtered by status, resource group or id, in the asked order, with the total', async () => {
    const first = new Date('2030-01-01T00:00:00Z');
    await database.agents.upsertFromHeartbeat(heartbeat('c', { cpu: '1' }), first);
    await database.agents.upsertFromHeartbeat(heartbeat('a', { cpu: '2' }, { version: '0.3.0' }), first);
    await database.agents.upsertFromHeartbeat(
      heartbeat('gpu-1', { cpu: '8' }, { resourceGroup: 'gpu', region: 'east' }),
      new Date('2030-01-01T00:00:05Z'),
    );
    await database.agents.upsertFromHeartbeat(heartbeat('b', { cpu: '1' }), first);
    expect(await database.agents.markLost('b', new Date('2030-01-01T00:01:00Z'))).to.equal(true);
    const ids = (page: { items: Array<{ id: string }> }) => page.items.map((a) => a.id);

    // Default: status, then resource group, then id.
    const all = await database.agents.list({ limit: 10, offset: 0 });
    expect(all.totalCount).to.equal(4);
    expect(ids(all)).to.deep.equal(['a', 'c', 'gpu-1', 'b']);
    const lost = all.items.find((a) => a.id === 'b')!;
    expect(lost.status).to.equal('LOST');
    expect(lost.lostAt).to.be.instanceOf(Date);
    expect(lost.statusChanged.getTime()).to.equal(lost.lostAt!.getTime());
    const gpu = all.items.find((a) => a.id === 'gpu-1')!;
    expect(gpu).to.deep.include({ region: 'east', resourceGroup: 'gpu', lostAt: null });
    expect(gpu.statusChanged.toISOString()).to.equal('2030-01-01T00:00:05.000Z');
    expect(gpu.availableSlots).to.deep.equal({ cpu: '8' });

    const paged = await database.agents.list({ limit: 2, offset: 1, orderBy: 'id', ascending: false });
    expect(paged.totalCount).to.equal(4);
    expect(ids(paged)).to.deep.equal(['c', 'b']);
    // Ties (the same version) break by id, in the same direction.
    expect(
      ids(await database.agents.list({ limit: 10, offset: 0, orderBy: 'version', ascending: false })),
    ).to.deep.equal(['a', 'gpu-1', 'c', 'b']);
    expect(ids(await database.agents.list({ limit: 10, offset: 0, orderBy: 'lostAt' }))).to.deep.equal([
      'b',
      'a',
      'c',
      'gpu-1',
    ]);

    const alive = await database.agents.list({
      limit: 10,
      offset: 0,
      status: 'ALIVE',
      resourceGroup: 'default',
    });
    expect(alive.totalCount).to.equal(2);
    expect(ids(alive)).to.deep.equal(['a', 'c']);
    expect(ids(await database.agents.list({ limit: 10, offset: 0, resourceGroup: 'gpu' }))).to.deep.equal([
      'gpu-1',
    ]);
    expect(ids(await database.agents.list({ limit: 1, offset: 0, id: 'c' }))).to.deep.equal(['c']);
    expect(await database.agents.list({ limit: 1, offset: 0, id: 'nobody' })).to.deep.equal({
      totalCount: 0,
      items: [],
    });
    expect(await database.agents.list({ limit: 5, offset: 10 })).to.deep.equal({ totalCount: 4, items: [] });
  });
});
