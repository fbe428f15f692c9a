import { expect } from 'chai';
import type { SessionRepository } from '@tessera/core';
import { clockPasses } from '../../../support/clock-passes';
import { describeOnDrivers, type OpenDatabase } from '../support/database-drivers';
import { newSession } from '../support/sample-records';

const EXAMPLE_OWNER = 'AKIAIOSFODNN7EXAMPLE';

describeOnDrivers('database: sessions', (harness) => {
  let db: OpenDatabase;
  let sessions: SessionRepository;

  beforeEach(async () => {
    db = await harness.open();
    sessions = db.database.sessions;
  });
  afterEach(() => db.database.close());

  it('creates a session and its kernels as PENDING and reads them back', async () => {
    const request = newSession(
      'train',
      [
        { cpu: '2', mem: '4294967296' },
        { cpu: '1', mem: '1073741824' },
      ],
      {
        clusterMode: 'single-node',
        tag: 'nightly',
        startupCommand: 'python train.py',
      },
    );
    const created = await sessions.create(request);
    expect(created.status).to.equal('PENDING');
    expect(created.result).to.equal('UNDEFINED');
    expect(Object.keys(created.statusHistory)).to.deep.equal(['PENDING']);

    const read = await sessions.get(request.id);
    expect(read).to.not.equal(null);
    expect(read!.name).to.equal('train');
    expect(read!.tag).to.equal('nightly');
    expect(read!.startupCommand).to.equal('python train.py');
    expect(read!.environ).to.deep.equal({ LANG: 'C.UTF-8' });
    expect(read!.createdAt).to.be.instanceOf(Date);
    expect(read!.kernels.map((k) => [k.clusterRole, k.clusterHostname, k.status, k.agentId])).to.deep.equal([
      ['main', 'main1', 'PENDING', null],
      ['sub', 'sub1', 'PENDING', null],
    ]);
    expect(read!.kernels[0]!.requestedSlots).to.deep.equal({ cpu: '2', mem: '4294967296' });
    expect(read!.kernels[0]!.sessionId).to.equal(request.id);
    expect(read).to.deep.equal(created);
  });

  it('returns null for a session that does not exist', async () => {
    expect(await sessions.get('00000000-0000-4000-8000-000000000000')).to.equal(null);
  });

  it("finds the owner's active session by name, and no longer once it has ended", async () => {
    const request = newSession('notebook', [{ cpu: '1' }]);
    await sessions.create(request);
    expect((await sessions.findActiveByName(request.accessKey, 'notebook'))?.id).to.equal(request.id);
    expect(await sessions.findActiveByName('AKIANOTTHEOWNERXXXXX', 'notebook')).to.equal(null);
    expect(await sessions.findActiveByName(request.accessKey, 'other')).to.equal(null);

    await sessions.setSessionStatus(request.id, 'TERMINATED', {
      at: new Date(),
      statusInfo: 'user-requested',
    });
    expect(await sessions.findActiveByName(request.accessKey, 'notebook')).to.equal(null);

    const again = newSession('notebook', [{ cpu: '1' }]);
    await sessions.create(again);
    expect((await sessions.findActiveByName(request.accessKey, 'notebook'))?.id).to.equal(again.id);
  });

  it('does not count CANCELLED or ERROR sessions as active', async () => {
    const cancelled = newSession('a', [{ cpu: '1' }]);
    const failed = newSession('b', [{ cpu: '1' }]);
    const running = newSession('c', [{ cpu: '1' }]);
    for (const s of [cancelled, failed, running]) await sessions.create(s);
    await sessions.setSessionStatus(cancelled.id, 'CANCELLED', {
      at: new Date(),
      statusInfo: 'pending-timeout',
    });
    await sessions.setSessionStatus(failed.id, 'ERROR', { at: new Date(), statusInfo: 'failed-to-start' });
    await sessions.setSessionStatus(running.id, 'RUNNING', { at: new Date() });
    expect(await sessions.findActiveByName(cancelled.accessKey, 'a')).to.equal(null);
    expect(await sessions.findActiveByName(failed.accessKey, 'b')).to.equal(null);
    expect((await sessions.findActiveByName(running.accessKey, 'c'))?.status).to.equal('RUNNING');
  });

  it('lists pending sessions of one resource group, oldest first', async () => {
    const first = newSession('first', [{ cpu: '1' }]);
    const elsewhere = newSession('gpu', [{ cpu: '1' }], { resourceGroup: 'gpu' });
    await clockPasses((await sessions.create(first)).createdAt);
    const second = newSession('second', [{ cpu: '1' }]);
    await sessions.create(elsewhere);
    await sessions.create(second);
    const started = newSession('started', [{ cpu: '1' }]);
    await sessions.create(started);
    await sessions.setSessionStatus(started.id, 'RUNNING', { at: new Date() });

    expect((await sessions.listPending('default')).map((s) => s.name)).to.deep.equal(['first', 'second']);
    expect((await sessions.listPending('gpu')).map((s) => s.name)).to.deep.equal(['gpu']);
    const byStatus = await sessions.listByStatus(['RUNNING', 'TERMINATED']);
    expect(byStatus.map((s) => s.name)).to.deep.equal(['started']);
    expect(byStatus[0]!.kernels).to.have.length(1);
    expect(await sessions.listByStatus([])).to.deep.equal([]);
  });

  it("lists one keypair's pending sessions across resource groups, oldest first", async () => {
    const mine = newSession('mine-default', [{ cpu: '1' }]);
    await clockPasses((await sessions.create(mine)).createdAt);
    await sessions.create(newSession('mine-gpu', [{ cpu: '2' }], { resourceGroup: 'gpu' }));
    await sessions.create(newSession('theirs', [{ cpu: '1' }], { accessKey: 'AKIAOTHERKEY00000001' }));
    const running = newSession('mine-running', [{ cpu: '1' }]);
    await sessions.create(running);
    await sessions.setSessionStatus(running.id, 'RUNNING', { at: new Date() });

    const pending = await sessions.listPendingOf(mine.accessKey);
    expect(pending.map((s) => s.name)).to.deep.equal(['mine-default', 'mine-gpu']);
    expect(pending[1]!.requestedSlots).to.deep.equal({ cpu: '2' });
    expect(await sessions.listPendingOf('AKIANOBODY0000000000')).to.deep.equal([]);
  });

  it('matches the start of an owner’s session names and ids, bounded, with LIKE wildcards taken literally', async () => {
    const first = await sessions.create(newSession('lab_one', [{ cpu: '1' }]));
    const second = await sessions.create(newSession('lab-two', [{ cpu: '1' }]));
    await sessions.create({ ...newSession('lab-other', [{ cpu: '1' }]), accessKey: 'AKIANOTTHEOWNERXXXXX' });
    const names = async (prefix: string, limit = 10) =>
      (await sessions.match(EXAMPLE_OWNER, prefix, limit)).map((s) => s.name);
    expect(await names('lab')).to.have.members(['lab_one', 'lab-two']);
    expect(await names('lab', 1)).to.have.length(1);
    // `_` is a LIKE wildcard: it matches only itself here.
    expect(await names('lab_')).to.deep.equal(['lab_one']);
    expect(await names('nothing')).to.deep.equal([]);
    expect((await sessions.match(EXAMPLE_OWNER, second.id.slice(0, 6), 10)).map((s) => s.id)).to.include(
      second.id,
    );
    expect(
      (await sessions.match(EXAMPLE_OWNER, first.id.toUpperCase().slice(0, 9), 10)).map((s) => s.id),
    ).to.include(first.id);
    expect(await sessions.match('AKIANOTTHEOWNERXXXXX', first.id.slice(0, 8), 10)).to.deep.equal([]);
  });

  it('renames a session in an expected status, refusing a name its owner already uses', async () => {
    const one = await sessions.create(newSession('first-name', [{ cpu: '1' }]));
    await sessions.create(newSession('taken-name', [{ cpu: '1' }]));
    expect(await sessions.rename(one.id, 'second-name', ['RUNNING'])).to.equal('wrong-status');
    expect(await sessions.rename(one.id, 'taken-name', ['PENDING'])).to.equal('name-taken');
    expect((await sessions.get(one.id))!.name).to.equal('first-name');
    expect(await sessions.rename(one.id, 'second-name', ['PENDING'])).to.equal('renamed');
    expect((await sessions.get(one.id))!.name).to.equal('second-name');
    expect((await sessions.findActiveByName(one.accessKey, 'second-name'))?.id).to.equal(one.id);
  });

  it('keeps a session’s bootstrap script and callback URL, and leaves them out when there are none', async () => {
    const withBoth = await sessions.create({
      ...newSession('with-extras', [{ cpu: '1' }]),
      bootstrapScript: 'echo hi\n',
      callbackUrl: 'http://127.0.0.1:9/hook',
    });
    const read = await sessions.get(withBoth.id);
    expect(read!.bootstrapScript).to.equal('echo hi\n');
    expect(read!.callbackUrl).to.equal('http://127.0.0.1:9/hook');
    expect(read).to.deep.equal(withBoth);
    const plain = await sessions.get((await sessions.create(newSession('plain', [{ cpu: '1' }]))).id);
    expect(plain).not.to.have.property('bootstrapScript');
    expect(plain).not.to.have.property('callbackUrl');
    const listed = await sessions.listByStatus(['PENDING']);
    expect(listed.find((s) => s.id === withBoth.id)!.callbackUrl).to.equal('http://127.0.0.1:9/hook');
  });
});
