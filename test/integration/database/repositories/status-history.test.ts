import { expect } from 'chai';
import { TesseraError, type SessionRepository } from '@tessera/core';
import { describeOnDrivers, type OpenDatabase } from '../support/database-drivers';
import { newSession } from '../support/sample-records';

describeOnDrivers('database: status transitions', (harness) => {
  let db: OpenDatabase;
  let sessions: SessionRepository;

  beforeEach(async () => {
    db = await harness.open();
    sessions = db.database.sessions;
  });
  afterEach(() => db.database.close());

  it('merges every session transition into status_history and keeps the earlier ones', async () => {
    const request = newSession('s', [{ cpu: '1' }]);
    const created = await sessions.create(request);
    const t1 = new Date('2030-01-01T00:00:01.000Z');
    const t2 = new Date('2030-01-01T00:00:02.000Z');
    const t3 = new Date('2030-01-01T00:00:03.000Z');
    await sessions.setSessionStatus(request.id, 'PREPARING', { at: t1 });
    await sessions.setSessionStatus(request.id, 'RUNNING', { at: t2, statusInfo: null });
    await sessions.setSessionStatus(request.id, 'TERMINATED', {
      at: t3,
      statusInfo: 'self-terminated',
      statusData: { kernel: { exit_code: 0 }, session: { status: 'terminated' } },
      result: 'SUCCESS',
    });

    const read = (await sessions.get(request.id))!;
    expect(read.statusHistory).to.deep.equal({
      PENDING: created.statusHistory.PENDING,
      PREPARING: t1.toISOString(),
      RUNNING: t2.toISOString(),
      TERMINATED: t3.toISOString(),
    });
    expect(read.status).to.equal('TERMINATED');
    expect(read.statusInfo).to.equal('self-terminated');
    expect(read.statusData).to.deep.equal({ kernel: { exit_code: 0 }, session: { status: 'terminated' } });
    expect(read.result).to.equal('SUCCESS');
    expect(read.terminatedAt?.toISOString()).to.equal(t3.toISOString());
  });

  it('overwrites the time of a status entered twice (RUNNING after RESTARTING)', async () => {
    const request = newSession('s', [{ cpu: '1' }]);
    await sessions.create(request);
    await sessions.setSessionStatus(request.id, 'RUNNING', { at: new Date('2030-01-01T00:00:01Z') });
    await sessions.setSessionStatus(request.id, 'RESTARTING', { at: new Date('2030-01-01T00:00:02Z') });
    await sessions.setSessionStatus(request.id, 'RUNNING', { at: new Date('2030-01-01T00:00:03Z') });
    const history = (await sessions.get(request.id))!.statusHistory;
    expect(history.RUNNING).to.equal('2030-01-01T00:00:03.000Z');
    expect(history.RESTARTING).to.equal('2030-01-01T00:00:02.000Z');
  });

  it('leaves status_info and status_data alone when a transition does not mention them', async () => {
    const request = newSession('s', [{ cpu: '1' }]);
    await sessions.create(request);
    await sessions.setSessionStatus(request.id, 'PENDING', {
      at: new Date(),
      statusInfo: 'no-available-instances',
      statusData: { scheduler: { retries: 1 } },
    });
    await sessions.setSessionStatus(request.id, 'PENDING', { at: new Date() });
    const read = (await sessions.get(request.id))!;
    expect(read.statusInfo).to.equal('no-available-instances');
    expect(read.statusData).to.deep.equal({ scheduler: { retries: 1 } });
  });

  it('records kernel transitions with container, service ports, devices and exit code', async () => {
    const request = newSession('s', [{ cpu: '1' }]);
    await sessions.create(request);
    const kernelId = request.kernels[0]!.id;
    const at = new Date('2030-01-01T00:00:05Z');
    await sessions.setKernelStatus(kernelId, 'RUNNING', {
      at,
      containerId: 'c0ffee',
      servicePorts: [
        { name: 'jupyter', protocol: 'http', containerPorts: [8080], hostPorts: [30001], isInference: false },
      ],
      deviceAllocation: { cpu: { '0': '1' } },
    });
    let kernel = (await sessions.get(request.id))!.kernels[0]!;
    expect(kernel.status).to.equal('RUNNING');
    expect(kernel.statusChanged.toISOString()).to.equal(at.toISOString());
    expect(kernel.containerId).to.equal('c0ffee');
    expect(kernel.servicePorts[0]!.hostPorts).to.deep.equal([30001]);
    expect(kernel.deviceAllocation).to.deep.equal({ cpu: { '0': '1' } });

    await sessions.setKernelStatus(kernelId, 'TERMINATED', {
      at: new Date(),
      exitCode: 137,
      statusInfo: 'killed-by-event',
    });
    kernel = (await sessions.get(request.id))!.kernels[0]!;
    expect(kernel.exitCode).to.equal(137);
    expect(kernel.statusInfo).to.equal('killed-by-event');
    expect(kernel.containerId).to.equal('c0ffee');
  });

  it('refuses transitions of sessions and kernels that do not exist, with stable codes', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const sessionError = await sessions
      .setSessionStatus(missing, 'RUNNING', { at: new Date() })
      .catch((e: unknown) => e);
    expect(sessionError).to.be.instanceOf(TesseraError);
    expect((sessionError as TesseraError).code).to.equal('session-not-found');
    const kernelError = await sessions
      .setKernelStatus(missing, 'RUNNING', { at: new Date() })
      .catch((e: unknown) => e);
    expect((kernelError as TesseraError).code).to.equal('object-not-found');
    expect((kernelError as TesseraError).message).to.contain(missing);
  });

  it('writes only while the status is an expected one, and exactly one of two racing writers wins', async () => {
    const request = newSession('s', [{ cpu: '1' }]);
    await sessions.create(request);
    const kernelId = request.kernels[0]!.id;
    const t1 = new Date('2030-01-01T00:00:01Z');
    expect(
      await sessions.setSessionStatus(request.id, 'RUNNING', { at: t1, expect: ['PREPARING'] }),
    ).to.equal(false);
    expect(await sessions.setKernelStatus(kernelId, 'RUNNING', { at: t1, expect: ['CREATING'] })).to.equal(
      false,
    );
    let read = (await sessions.get(request.id))!;
    expect([read.status, read.kernels[0]!.status]).to.deep.equal(['PENDING', 'PENDING']);
    expect(read.statusHistory).to.not.have.property('RUNNING');

    // Both writers read PENDING and race to move on from it: one moves, the other is told it did not.
    const racing = await Promise.all([
      sessions.setSessionStatus(request.id, 'PREPARING', { at: t1, expect: ['PENDING'] }),
      sessions.setSessionStatus(request.id, 'CANCELLED', { at: t1, expect: ['PENDING'], statusInfo: 'user' }),
      sessions.setKernelStatus(kernelId, 'PREPARING', { at: t1, expect: ['PENDING'] }),
      sessions.setKernelStatus(kernelId, 'CANCELLED', { at: t1, expect: ['PENDING'] }),
    ]);
    expect(racing.slice(0, 2).filter(Boolean)).to.have.length(1);
    expect(racing.slice(2).filter(Boolean)).to.have.length(1);
    read = (await sessions.get(request.id))!;
    expect(read.status).to.equal(racing[0] ? 'PREPARING' : 'CANCELLED');
    expect(read.kernels[0]!.status).to.equal(racing[2] ? 'PREPARING' : 'CANCELLED');
  });

  it('keeps the first end time, and a rewrite of the current status is not a transition', async () => {
    const request = newSession('s', [{ cpu: '1' }]);
    const created = await sessions.create(request);
    const kernelId = request.kernels[0]!.id;
    await sessions.setSessionStatus(request.id, 'PENDING', { at: new Date('2030-01-01T00:00:01Z') });
    let read = (await sessions.get(request.id))!;
    expect(read.statusHistory).to.deep.equal(created.statusHistory);
    expect(read.createdAt).to.deep.equal(created.createdAt);

    const first = new Date('2030-01-01T00:00:02Z');
    const later = new Date('2030-01-01T00:00:03Z');
    await sessions.setSessionStatus(request.id, 'CANCELLED', { at: first });
    await sessions.setSessionStatus(request.id, 'TERMINATED', { at: later });
    await sessions.setKernelStatus(kernelId, 'CANCELLED', { at: first });
    await sessions.setKernelStatus(kernelId, 'TERMINATED', { at: later, exitCode: null });
    read = (await sessions.get(request.id))!;
    expect(read.terminatedAt).to.deep.equal(first);
    expect(read.statusHistory).to.include({
      CANCELLED: first.toISOString(),
      TERMINATED: later.toISOString(),
    });
    const kernel = (await sessions.kernelsOn('nobody', ['TERMINATED']))[0];
    expect(kernel).to.equal(undefined);
    expect(read.kernels[0]).to.include({ status: 'TERMINATED', exitCode: null });
    expect(read.kernels[0]!.statusChanged).to.deep.equal(later);
  });
});
