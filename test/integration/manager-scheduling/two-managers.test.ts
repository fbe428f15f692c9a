import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ApiConfig, Client } from '@tessera/client';
import { eventually } from '../../support/eventually';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { createScratchDatabase, type ScratchDatabase } from '../database/support/postgres-scratch';
import {
  prepareClusterDatabase,
  startManager,
  stopCluster,
  type ManagerChild,
} from './support/manager-children';
import type { ManagerOrder } from './support/manager-process';
import { STAND_IN_IMAGE } from './support/stand-in-agent';

const AGENTS = 4;
const SLOTS_PER_AGENT = 2;
const SESSIONS = 40;

/** Managers in child processes take seconds; polling the shared database more often only loads it. */
const MANAGERS_WAIT = { timeoutMs: 30_000, intervalMs: 50 };

/** Per agent, in one statement (one snapshot): its capacity, its books, and what its unreleased kernels hold. */
const BOOKS = `
  select a.id,
         (a.available_slots->>'cpu')::numeric as capacity,
         coalesce((a.occupied_slots->>'cpu')::numeric, 0) as occupied,
         (select coalesce(sum((k.occupied_slots->>'cpu')::numeric), 0)
            from kernels k where k.agent = a.id and k.slots_released_at is null) as held
    from agents a`;

describe('scheduling: two managers on PostgreSQL, etcd and Redis share one resource group', function () {
  this.timeout(HALFSTACK_UP_TIMEOUT_MS);
  const suffix = randomBytes(4).toString('hex');
  let scratch: ScratchDatabase;
  let addresses: { redis: string; etcd: string };
  const managers: ManagerChild[] = [];
  const order = (name: string): ManagerOrder => ({
    name,
    database: { ...scratch.config },
    redisUrl: addresses.redis,
    etcdUrl: addresses.etcd,
    namespace: `sched-${suffix}`,
    stream: `sched-events-${suffix}`,
    channel: `sched-events-all-${suffix}`,
    agents: Array.from({ length: AGENTS }, (_, i) => ({
      id: `stand-in-${i + 1}`,
      slots: { cpu: String(SLOTS_PER_AGENT), mem: String(8 * 2 ** 30) },
    })),
    runMs: [150, 400],
  });

  before(async () => {
    addresses = await requireServices(['postgres', 'redis', 'etcd']);
    scratch = await createScratchDatabase();
    await prepareClusterDatabase(scratch);
    managers.push(await startManager(order('manager-a')), await startManager(order('manager-b')));
  });

  after(async () => {
    await stopCluster(managers, scratch, addresses, {
      namespace: `sched-${suffix}`,
      stream: `sched-events-${suffix}`,
    });
  });

  it('never over-commits an agent and never places a session twice, under concurrent creations', async () => {
    await managers[0]!.ask('heartbeat');
    await eventually(
      async () => (await scratch.query('select id from agents')).length === AGENTS,
      'the heartbeats to register the agents',
      MANAGERS_WAIT,
    );
    await eventually(
      async () => (await scratch.query('select name from images')).length > 0,
      'the heartbeats to register the image',
      MANAGERS_WAIT,
    );

    const violations: string[] = [];
    let watching = true;
    let snapshots = 0;
    const watch = (async () => {
      while (watching) {
        const rows = await scratch.query<{ id: string; capacity: string; occupied: string; held: string }>(
          BOOKS,
        );
        snapshots++;
        for (const row of rows) {
          const [capacity, occupied, held] = [Number(row.capacity), Number(row.occupied), Number(row.held)];
          if (occupied > capacity) violations.push(`${row.id} occupied ${occupied} of ${capacity}`);
          if (held !== occupied) violations.push(`${row.id} books say ${occupied}, kernels hold ${held}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const clients = managers.map(
      (m) =>
        new Client(
          new ApiConfig({
            endpoints: [m.endpoint],
            accessKey: 'AKIASCHEDULINGTEST01',
            secretKey: 'schedulingTestSecretForLoopbackOnly00001',
          }),
        ),
    );
    const created = await Promise.all(
      Array.from({ length: SESSIONS }, (_, i) =>
        clients[i % clients.length]!.createSession({
          image: STAND_IN_IMAGE,
          name: `burst-${String(i).padStart(3, '0')}`,
          resources: { cpu: 1, mem: '1g' },
          enqueueOnly: true,
          group: 'default',
          domain: 'default',
        }),
      ),
    );
    expect(created.every((c) => c.status === 'PENDING')).to.equal(true);

    await eventually(
      async () =>
        (await scratch.query(`select id from sessions where status = 'TERMINATED'`)).length === SESSIONS,
      'every session to run and end',
      { ...MANAGERS_WAIT, timeoutMs: 60_000 },
    ).catch(async (error: Error) => {
      const statuses = await scratch.query(
        'select status, status_info, count(*)::int as n from sessions group by status, status_info',
      );
      throw new Error(`${error.message}: ${JSON.stringify(statuses)}`);
    });
    watching = false;
    await watch;
    expect(violations, violations.slice(0, 5).join('\n')).to.deep.equal([]);
    expect(snapshots).to.be.greaterThan(10);

    // Each kernel was created exactly once, by one manager, on the agent the database names.
    const reports = await Promise.all(managers.map((m) => m.ask('report')));
    const creations = reports.flatMap((r) => ('report' in r ? r.report.created : []));
    const perManager = reports.map((r) => ('report' in r ? r.report.created.length : 0));
    expect(new Set(creations.map((c) => c.kernelId)).size).to.equal(creations.length);
    expect(creations).to.have.length(SESSIONS);
    expect(
      perManager.every((n) => n > 0),
      `kernels created per manager: ${perManager.join(', ')}`,
    ).to.equal(true);
    const kernels = await scratch.query<{ id: string; agent: string }>('select id, agent from kernels');
    const agentOf = new Map(kernels.map((k) => [k.id, k.agent]));
    for (const creation of creations) expect(agentOf.get(creation.kernelId)).to.equal(creation.agentId);

    // Everything was given back exactly once.
    const books = await scratch.query<{ occupied: string; held: string }>(BOOKS);
    expect(books.map((b) => [Number(b.occupied), Number(b.held)])).to.deep.equal(
      Array.from({ length: AGENTS }, () => [0, 0]),
    );
    const history = await scratch.query<{ scheduled: number }>(
      `select count(*)::int as scheduled from sessions where status_history ? 'SCHEDULED'`,
    );
    expect(history[0]!.scheduled).to.equal(SESSIONS);
  });
});
