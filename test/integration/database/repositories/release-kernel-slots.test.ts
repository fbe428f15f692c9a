import { expect } from 'chai';
import type { Database } from '@tessera/core';
import { beforeEachWithAgents, describeOnDrivers } from '../support/database-drivers';
import { newSession } from '../support/sample-records';

describeOnDrivers('database: releaseKernelSlots', (harness) => {
  let database: Database;
  beforeEachWithAgents(harness, { 'agent-a': { cpu: '8', mem: '8589934592' } }, (db) => {
    database = db.database;
  });

  async function scheduled(name: string, slots: Record<string, string>) {
    const session = await database.sessions.create(newSession(name, [slots]));
    const kernel = session.kernels[0]!;
    const outcome = await database.sessions.commitAllocation(
      session.id,
      [{ kernelId: kernel.id, agentId: 'agent-a', slots }],
      new Date(),
    );
    expect(outcome.ok).to.equal(true);
    return kernel.id;
  }

  it("gives a kernel's slots back to its agent exactly once", async () => {
    const first = await scheduled('first', { cpu: '2', mem: '1073741824' });
    await scheduled('second', { cpu: '1.5', mem: '536870912' });
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({
      cpu: '3.5',
      mem: '1610612736',
    });

    await database.sessions.releaseKernelSlots(first);
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({
      cpu: '1.5',
      mem: '536870912',
    });
    await database.sessions.releaseKernelSlots(first);
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({
      cpu: '1.5',
      mem: '536870912',
    });
  });

  it('is a no-op for a kernel that was never placed', async () => {
    const session = await database.sessions.create(newSession('pending', [{ cpu: '1' }]));
    await database.sessions.releaseKernelSlots(session.kernels[0]!.id);
    expect((await database.agents.get('agent-a'))!.occupiedSlots).to.deep.equal({});
  });

  it("keeps the kernel's occupied slots for accounting after releasing them", async () => {
    const kernelId = await scheduled('s', { cpu: '2' });
    await database.sessions.releaseKernelSlots(kernelId);
    const sessions = await database.sessions.listByStatus(['SCHEDULED']);
    expect(sessions[0]!.kernels[0]!.occupiedSlots).to.deep.equal({ cpu: '2' });
  });
});
