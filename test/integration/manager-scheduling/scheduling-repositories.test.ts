import { expect } from 'chai';
import type { OrmDatabase } from '@tessera/database';
import { describeOnDrivers, exampleFixture } from '../database/support/database-drivers';
import { heartbeat, newSession } from '../database/support/sample-records';

const ADMIN = 'f38dea23-50fa-42a0-b5ae-338f5f4693f4';
const USER = 'dfa9da54-4b28-432f-be29-c0d680c7a412';

describeOnDrivers('scheduling: what the scheduler reads and writes in the database', (harness) => {
  let database: OrmDatabase;

  beforeEach(async () => {
    database = (await harness.open()).database;
  });
  afterEach(() => database.close());

  it('gathers the keypair, user (main keypair), project and domain limits of the owners of sessions', async () => {
    await database.fixtures.populate(exampleFixture());
    const limits = await database.resourcePolicies.limitsOf([
      { accessKey: 'AKIAEXAMPLEUSERKEY01', userId: USER, domainName: 'default', groupName: 'research' },
      { accessKey: 'AKIATESSERAFIXTURE01', userId: ADMIN, domainName: 'default', groupName: 'default' },
      { accessKey: 'AKIAUNKNOWNKEY000001', userId: 'not-a-uuid', domainName: 'nowhere', groupName: 'x' },
    ]);
    expect(Object.keys(limits.keypairs).sort()).to.deep.equal([
      'AKIAEXAMPLEUSERKEY01',
      'AKIATESSERAFIXTURE01',
    ]);
    expect(limits.keypairs['AKIAEXAMPLEUSERKEY01']).to.deep.equal({
      name: 'gpu-limited',
      defaultForUnspecified: 'LIMITED',
      totalResourceSlots: { cpu: '8', mem: '34359738368', 'cuda.shares': '2.5' },
      maxConcurrentSessions: 2,
      maxConcurrentSftpSessions: 1,
      maxPendingSessionCount: 4,
      maxPendingSessionResourceSlots: { cpu: '16', mem: '68719476736' },
      maxContainersPerSession: 4,
      maxPriority: 5,
    });
    expect(limits.users[USER]?.name).to.equal('gpu-limited');
    expect(limits.users[ADMIN]?.name).to.equal('default');
    expect(limits.projects).to.deep.equal({
      'default/research': { 'cuda.shares': '4' },
      'default/default': {},
    });
    expect(limits.domains).to.deep.equal({ default: {} });
    expect((await database.resourcePolicies.keypairPolicy('AKIAEXAMPLEUSERKEY01'))?.maxPriority).to.equal(5);
    expect(await database.resourcePolicies.keypairPolicy('AKIAUNKNOWNKEY000001')).to.equal(null);
  });

  it("reads a resource group's scheduler and options", async () => {
    await database.fixtures.populate(exampleFixture());
    const gpu = await database.resourceGroups.get('gpu');
    expect(gpu).to.deep.include({ name: 'gpu', isActive: true, scheduler: 'drf' });
    expect(gpu!.schedulerOpts).to.deep.include({ pending_timeout: 3600, allowed_session_types: ['batch'] });
    expect(await database.resourceGroups.get('nowhere')).to.equal(null);
  });

  it('keeps designated agents and finds sessions by id in bulk', async () => {
    const a = await database.sessions.create(
      newSession('a', [{ cpu: '1' }, { cpu: '1' }], { designatedAgents: ['i-1', 'i-2'] }),
    );
    const b = await database.sessions.create(newSession('b', [{ cpu: '1' }]));
    expect((await database.sessions.get(a.id))!.designatedAgents).to.deep.equal(['i-1', 'i-2']);
    expect((await database.sessions.get(b.id))!.designatedAgents).to.equal(undefined);
    const found = await database.sessions.getMany([b.id, a.id, '00000000-0000-4000-8000-000000000000']);
    expect(found.map((s) => s.name).sort()).to.deep.equal(['a', 'b']);
    expect(await database.sessions.getMany([])).to.deep.equal([]);
  });

  it('records pending verdicts in one go, only on sessions still PENDING, without a transition', async () => {
    await database.agents.upsertFromHeartbeat(heartbeat('agent-a', { cpu: '4' }), new Date());
    const waiting = await database.sessions.create(newSession('waiting', [{ cpu: '1' }]));
    const placed = await database.sessions.create(newSession('placed', [{ cpu: '1' }]));
    const outcome = await database.sessions.commitAllocation(
      placed.id,
      [{ kernelId: placed.kernels[0]!.id, agentId: 'agent-a', slots: { cpu: '1' } }],
      new Date(),
    );
    expect(outcome).to.deep.equal({ ok: true });
    await database.sessions.recordPendingVerdicts([
      {
        sessionId: waiting.id,
        statusInfo: 'no-available-instances',
        statusData: { scheduler: { retries: 3 } },
      },
      {
        sessionId: placed.id,
        statusInfo: 'no-available-instances',
        statusData: { scheduler: { retries: 1 } },
      },
    ]);
    const w = (await database.sessions.get(waiting.id))!;
    expect(w).to.deep.include({ status: 'PENDING', statusInfo: 'no-available-instances' });
    expect(w.statusData).to.deep.equal({ scheduler: { retries: 3 } });
    expect(w.statusHistory).to.deep.equal(waiting.statusHistory);
    const p = (await database.sessions.get(placed.id))!;
    expect(p).to.deep.include({ status: 'SCHEDULED', statusInfo: 'scheduled' });
    expect(p.statusData).to.deep.equal({});
  });

  it('writes a status only while it is one of the expected ones (compare-and-set)', async () => {
    const session = await database.sessions.create(newSession('cas', [{ cpu: '1' }]));
    const kernelId = session.kernels[0]!.id;
    const at = new Date('2030-01-01T00:00:00Z');
    expect(
      await database.sessions.setSessionStatus(session.id, 'RUNNING', { at, expect: ['SCHEDULED'] }),
    ).to.equal(false);
    expect(
      await database.sessions.setKernelStatus(kernelId, 'RUNNING', { at, expect: ['CREATING'] }),
    ).to.equal(false);
    expect((await database.sessions.get(session.id))!.status).to.equal('PENDING');
    expect(
      await database.sessions.setKernelStatus(kernelId, 'PREPARING', {
        at,
        expect: ['PENDING', 'SCHEDULED'],
      }),
    ).to.equal(true);
    expect(
      await database.sessions.setSessionStatus(session.id, 'PREPARING', { at, expect: ['PENDING'] }),
    ).to.equal(true);
    const read = (await database.sessions.get(session.id))!;
    expect(read.status).to.equal('PREPARING');
    expect(read.kernels[0]!.status).to.equal('PREPARING');
    // Rewriting the status it has is not a transition: the history keeps the first time.
    await database.sessions.setSessionStatus(session.id, 'PREPARING', {
      at: new Date('2031-01-01T00:00:00Z'),
    });
    expect((await database.sessions.get(session.id))!.statusHistory['PREPARING']).to.equal(at.toISOString());
  });
});
