import { expect } from 'chai';
import type { Database, SessionRecord } from '@tessera/core';
import { beforeEachWithAgents, describeOnDrivers } from '../support/database-drivers';
import { EXAMPLE_ACCESS_KEY, newSession } from '../support/sample-records';

const byId = (sessions: SessionRecord[]) => [...sessions].sort((a, b) => (a.id < b.id ? -1 : 1));

/**
 * The hand-written reads of session records (`listByStatus`, what a scheduling pass reads; `get`
 * and `getMany`, what every kernel status change reads) must be exactly what the ORM makes of the
 * same rows (`match`, which still loads entities), field for field, on both drivers.
 */
describeOnDrivers(
  'database: session records by status and by id, and pending verdicts in bulk',
  (harness) => {
    let database: Database;
    beforeEachWithAgents(harness, { 'agent-a': { cpu: '8', mem: String(8 * 1024 ** 3) } }, (db) => {
      database = db.database;
    });

    it('reads every field, kernels in cluster order and dependencies, as the ORM does', async () => {
      const done = await database.sessions.create(newSession('done', [{ cpu: '1' }], { type: 'batch' }));
      await database.sessions.setSessionStatus(done.id, 'TERMINATED', {
        at: new Date('2030-01-01T00:00:00.123Z'),
        result: 'SUCCESS',
        statusInfo: 'user-requested',
        statusData: { kernel: { exit_code: 0 }, note: 'ünïcode' },
      });
      const other = await database.sessions.create(newSession('other', [{ cpu: '1' }]));
      const waiting = await database.sessions.create(
        newSession('waiting', [{ cpu: '1', mem: '1073741824' }, { cpu: '2' }, { cpu: '0.5' }], {
          type: 'batch',
          dependencies: [other.id, done.id],
          designatedAgents: ['agent-a', 'agent-a', 'agent-a'],
          startsAt: new Date('2031-02-03T04:05:06.789Z'),
          tag: 'nightly',
          startupCommand: 'python train.py',
          priority: 7,
          environ: { LANG: 'C.UTF-8', EMPTY: '' },
        }),
      );
      const placed = await database.sessions.create(newSession('placed', [{ cpu: '1' }]));
      await database.sessions.commitAllocation(
        placed.id,
        [{ kernelId: placed.kernels[0]!.id, agentId: 'agent-a', slots: { cpu: '1' } }],
        new Date('2030-05-05T05:05:05.555Z'),
      );
      await database.sessions.recordPendingVerdicts([
        {
          sessionId: waiting.id,
          statusInfo: 'no-available-instances',
          statusData: { scheduler: { retries: 2 } },
        },
      ]);

      await database.sessions.setKernelStatus(placed.kernels[0]!.id, 'RUNNING', {
        at: new Date('2030-05-05T05:05:06.001Z'),
        containerId: 'c0ffee',
        kernelHost: '10.0.0.7',
        servicePorts: [
          {
            name: 'jupyter',
            protocol: 'http',
            containerPorts: [8090],
            hostPorts: [30001],
            isInference: false,
          },
        ],
        deviceAllocation: { 'cuda.device': { '0': '1' } },
      });
      const mounted = await database.sessions.create(
        newSession('mounted', [{ cpu: '1' }], {
          vfolderMounts: [{ hostPath: '/data/f1', kernelPath: '/home/work/f1', permission: 'ro' }],
          callbackUrl: 'http://127.0.0.1:9/hook',
          bootstrapScript: 'echo hi',
        }),
      );
      const everyId = [done.id, other.id, waiting.id, placed.id, mounted.id];

      const viaOrm = byId(await database.sessions.match(EXAMPLE_ACCESS_KEY, '', 100));
      expect(viaOrm.map((s) => s.id)).to.have.members(everyId);
      const listed = await database.sessions.listByStatus(['PENDING', 'SCHEDULED', 'TERMINATED']);
      expect(byId(listed)).to.deep.equal(viaOrm);
      expect(byId(await database.sessions.getMany([...everyId, everyId[0]!]))).to.deep.equal(viaOrm);
      for (const session of viaOrm) expect(await database.sessions.get(session.id)).to.deep.equal(session);
      expect(await database.sessions.get('00000000-0000-4000-8000-000000000000')).to.equal(null);
      expect(await database.sessions.getMany([])).to.deep.equal([]);
      // Oldest first.
      expect(listed.map((s) => s.name)).to.deep.equal(['done', 'other', 'waiting', 'placed', 'mounted']);
      const read = listed.find((s) => s.id === waiting.id)!;
      expect(read.kernels.map((k) => k.clusterHostname)).to.deep.equal(['main1', 'sub1', 'sub2']);
      expect(read.dependencies).to.deep.equal([other.id, done.id].sort());
      expect(read.startsAt).to.deep.equal(new Date('2031-02-03T04:05:06.789Z'));
      expect(read.statusData).to.deep.equal({ scheduler: { retries: 2 } });
      expect(listed.find((s) => s.id === placed.id)!.kernels[0]).to.deep.include({
        statusChanged: new Date('2030-05-05T05:05:06.001Z'),
        kernelHost: '10.0.0.7',
        deviceAllocation: { 'cuda.device': { '0': '1' } },
      });
      expect(listed.find((s) => s.id === mounted.id)).to.deep.include({
        callbackUrl: 'http://127.0.0.1:9/hook',
        bootstrapScript: 'echo hi',
      });
      expect((await database.sessions.listByStatus(['RUNNING'])).length).to.equal(0);
    });

    it('records pending verdicts, the last one when a session appears twice, and skips sessions no longer PENDING', async () => {
      const sessions = await Promise.all(
        Array.from({ length: 5 }, (_, i) => database.sessions.create(newSession(`s${i}`, [{ cpu: '1' }]))),
      );
      await database.sessions.setSessionStatus(sessions[4]!.id, 'CANCELLED', {
        at: new Date(),
        statusInfo: 'user-requested',
        statusData: { kept: true },
      });
      const verdict = (i: number, retries: number) => ({
        sessionId: sessions[i]!.id,
        statusInfo: retries > 1 ? 'no-available-instances' : 'predicate-checks-failed',
        statusData: { scheduler: { retries, msg: `it's "quoted" \\ and ünïcode` } },
      });

      await database.sessions.recordPendingVerdicts([
        verdict(0, 1),
        verdict(1, 1),
        verdict(0, 2),
        verdict(4, 1),
      ]);

      const read = byId(await database.sessions.getMany(sessions.map((s) => s.id)));
      const of = (i: number) => read.find((s) => s.id === sessions[i]!.id)!;
      expect(of(0)).to.deep.include({ status: 'PENDING', statusInfo: 'no-available-instances' });
      expect(of(0).statusData).to.deep.equal(verdict(0, 2).statusData);
      expect(of(0).statusHistory).to.deep.equal(sessions[0]!.statusHistory);
      expect(of(1)).to.deep.include({ statusInfo: 'predicate-checks-failed' });
      expect(of(2)).to.deep.equal(sessions[2]);
      expect(of(4)).to.deep.include({ status: 'CANCELLED', statusInfo: 'user-requested' });
      expect(of(4).statusData).to.deep.equal({ kept: true });
    });
  },
);
