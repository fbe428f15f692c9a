/**
 * Benchmark for "state on real engines": slot-allocation transactions per second on PostgreSQL
 * with two managers (two processes, each with its own MikroORM instance and pool) committing
 * allocations at once against a shared set of agents, beside the machine's own pgbench
 * simple-update rate (`pgbench -N -c 2`) on the same server, measured in the same run. Prints JSON.
 *
 * Everything happens in scratch databases (`tessera_bench_<random>`), dropped at the end.
 * Usage: npm run bench:allocation [-- --seconds 10 --agents 4]
 * The server is $TESSERA_HALFSTACK_POSTGRES_URL, else halfstack's (postgres/develove@127.0.0.1:8100).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { OrmDatabase, type Config } from '@tessera/database';
import type { ManagerOrder, ManagerReport } from './slot-allocation-manager';
import { dropDatabase, pgbenchTps, quiet, reach, scratchDatabase, sql } from './halfstack-postgres';
import { runBenchmark } from './run-benchmark';

const flag = (name: string, fallback: number) =>
  Number(process.argv[process.argv.indexOf(name) + 1] || fallback) || fallback;
const SECONDS = flag('--seconds', 10);
const AGENTS = flag('--agents', 4);
const MANAGERS = flag('--managers', 2);
/** Enough pending sessions that neither manager runs out before the time is up. */
const SESSIONS = flag('--sessions', 30000);
const SLOTS = { cpu: '1', mem: '1073741824' };

/** Migrated schema, agents with room for every session, and SESSIONS pending one-kernel sessions. */
async function prepare(database: string): Promise<Array<[string, string]>> {
  const config: Partial<Config> = { driver: 'postgresql', ...reach, database, pendingMigrations: 'ignore' };
  const db = new OrmDatabase(quiet);
  await db.open(
    { ...(config as Config), poolSize: 2, connectTimeout: 5000, exampleFixtures: false, debug: false },
    '/nonexistent',
  );
  try {
    await db.schema.migrate();
    for (let i = 0; i < AGENTS; i++) {
      await db.agents.upsertFromHeartbeat(
        {
          agentId: `bench-agent-${i}`,
          address: `inproc://bench-agent-${i}`,
          region: 'local',
          resourceGroup: 'default',
          architecture: 'x86_64',
          version: '0.1.0',
          availableSlots: { cpu: String(SESSIONS), mem: String(SESSIONS * 1073741824) },
          slotTypes: { cpu: 'count', mem: 'bytes' },
          images: [],
          computePlugins: {},
        },
        new Date(),
      );
    }
  } finally {
    await db.close();
  }
  // Bulk rows straight in SQL: creating 30 000 sessions one transaction at a time would take minutes.
  await sql(
    database,
    `insert into sessions (id, name, type, status, status_data, status_history, status_changed, result, image,
       architecture, resource_group, domain_name, group_name, access_key, user_id, cluster_mode, cluster_size,
       priority, environ, requested_slots, occupying_slots, created_at)
     select gen_random_uuid(), 'bench-' || g, 'batch', 'PENDING', '{}', '{}', now(), 'UNDEFINED', 'python:3',
       'x86_64', 'default', 'default', 'default', 'AKIAIOSFODNN7EXAMPLE', 'bench', 'single-node', 1, 0, '{}',
       '${JSON.stringify(SLOTS)}', '{}', now()
     from generate_series(1, ${SESSIONS}) g`,
  );
  await sql(
    database,
    `insert into kernels (id, session_id, cluster_role, cluster_idx, cluster_hostname, image, architecture, status,
       status_changed, status_history, requested_slots, occupied_slots, device_allocation, service_ports, created_at)
     select gen_random_uuid(), id, 'main', 1, 'main1', 'python:3', 'x86_64', 'PENDING', now(), '{}',
       '${JSON.stringify(SLOTS)}', '{}', '{}', '[]', now()
     from sessions`,
  );
  const rows = await sql<{ session: string; kernel: string }>(
    database,
    'select s.id as session, k.id as kernel from sessions s join kernels k on k.session_id = s.id order by s.name',
  );
  return rows.map((row) => [row.session, row.kernel]);
}

function startManager(order: ManagerOrder): {
  child: ChildProcess;
  ready: Promise<void>;
  report: Promise<ManagerReport>;
} {
  const child = fork(join(__dirname, 'slot-allocation-manager.js'), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onReady!: () => void;
  const ready = new Promise<void>((done) => (onReady = done));
  const report = new Promise<ManagerReport>((done, fail) => {
    child.on('message', (message: { ready?: boolean; report?: ManagerReport }) => {
      if (message.ready) onReady();
      if (message.report) done(message.report);
    });
    child.on('exit', (code) => code !== 0 && fail(new Error(`manager exited with ${code}`)));
  });
  child.send(order);
  return { child, ready, report };
}

async function allocationRate(database: string, sessions: Array<[string, string]>) {
  const agents = Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i}`);
  const managers = Array.from({ length: MANAGERS }, (_, m) =>
    startManager({
      config: { driver: 'postgresql', ...reach, database },
      sessions: sessions.filter((_, index) => index % MANAGERS === m),
      agents,
      seconds: SECONDS,
      slots: SLOTS,
    }),
  );
  await Promise.all(managers.map((m) => m.ready));
  for (const manager of managers) manager.child.send('go');
  const reports = await Promise.all(managers.map((m) => m.report));
  const committed = reports.reduce((sum, r) => sum + r.committed, 0);
  const elapsedMs = Math.max(...reports.map((r) => r.elapsedMs));
  // The books must balance: what the agents hold is exactly what the scheduled kernels hold.
  const [books] = await sql<{ agents: string; kernels: string; scheduled: string }>(
    database,
    `select (select sum((occupied_slots->>'cpu')::numeric) from agents) as agents,
            (select sum((occupied_slots->>'cpu')::numeric) from kernels where status = 'SCHEDULED') as kernels,
            (select count(*) from sessions where status = 'SCHEDULED') as scheduled`,
  );
  return {
    managers: MANAGERS,
    agents: AGENTS,
    seconds: Math.round(elapsedMs) / 1000,
    commits: committed,
    refused: reports.reduce((sum, r) => sum + r.refused, 0),
    transactionsPerSecond: Math.round((committed / elapsedMs) * 1000 * 10) / 10,
    perManager: reports.map((r) => Math.round((r.committed / r.elapsedMs) * 1000 * 10) / 10),
    booksBalance: Number(books!.agents) === Number(books!.kernels) && Number(books!.scheduled) === committed,
  };
}

function pgbench(database: string): { clients: number; seconds: number; tps: number } {
  return { clients: 2, seconds: SECONDS, tps: pgbenchTps(database, 2, SECONDS) };
}

async function main(): Promise<void> {
  const allocationDb = await scratchDatabase('tessera_bench');
  const pgbenchDb = await scratchDatabase('tessera_pgbench');
  try {
    const sessions = await prepare(allocationDb);
    const allocation = await allocationRate(allocationDb, sessions);
    const simpleUpdate = pgbench(pgbenchDb);
    const report = {
      benchmark: 'slot-allocation',
      server: `${reach.host}:${reach.port}`,
      allocation,
      pgbenchSimpleUpdate: simpleUpdate,
      allocationPerPgbenchTransaction:
        Math.round((allocation.transactionsPerSecond / simpleUpdate.tps) * 1000) / 1000,
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } finally {
    await dropDatabase(allocationDb);
    await dropDatabase(pgbenchDb);
  }
}

runBenchmark('slot-allocation', main);
