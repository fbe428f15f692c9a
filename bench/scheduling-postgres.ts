/**
 * The PostgreSQL half of `bench/scheduling.ts`: one scheduling pass of the manager's own code
 * (manager-scheduling's PassInputLoader and PassWriter with commitAllocations and
 * recordPendingVerdicts, sokovan's PassPlanner and drivePass) over a scratch database with many agents and pending sessions, timed end
 * to end, beside pgbench's simple-update rate on the same server with one and with two clients.
 *
 * The tables are analysed after the bulk insert, as autovacuum keeps a live database analysed
 * (without statistics the planner reads a 4,000-row index for every 7-session commit). A pass over
 * a small group of its own runs first, unreported, so the figures are those of a manager that has
 * scheduled before, not of code still being compiled (the in-memory half warms up the same way).
 * Then several passes run, each over freshly populated tables, and the median one is reported with
 * every pass's rate beside it: the machine is shared, and a busy moment should slow one pass, not
 * decide the figure.
 */
import type { AgentSelector, Database, EventBus } from '@tessera/core';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { OrmDatabase, type Config } from '@tessera/database';
import { OutcomeRecorder, PassInputLoader, PassWriter } from '@tessera/manager-scheduling';
import { SessionStatusWriter, SlotTypeRegistry } from '@tessera/manager-sessions';
import { PassPlanner, drivePass } from '@tessera/sokovan';
import { FifoScheduler } from '@tessera/scheduler-fifo';
import { dropDatabase, pgbenchTps, quiet, reach, scratchDatabase, sql } from './halfstack-postgres';

const GIB = 2 ** 30;
const SLOTS = { cpu: '1', mem: String(GIB) };
async function open(database: string): Promise<OrmDatabase> {
  const db = new OrmDatabase(quiet);
  const config: Partial<Config> = { driver: 'postgresql', ...reach, database, pendingMigrations: 'ignore' };
  await db.open(
    { ...(config as Config), poolSize: 4, connectTimeout: 5000, exampleFixtures: false, debug: false },
    '/nonexistent',
  );
  return db;
}

/** Agents of `group` with room for every session, and pending one-kernel sessions in it, inserted in bulk. */
async function populate(database: string, group: string, agents: number, sessions: number): Promise<void> {
  const perAgent = Math.ceil(sessions / agents) * 2;
  await sql(
    database,
    `insert into agents (id, status, status_changed, address, region, resource_group, architecture, version,
       schedulable, available_slots, occupied_slots, compute_plugins, first_contact, last_contact)
     select '${group}-agent-' || lpad(g::text, 5, '0'), 'ALIVE', now(), 'inproc://${group}-agent-' || g, 'bench',
       '${group}', 'x86_64', 'bench', true,
       jsonb_build_object('cpu', '${perAgent}', 'mem', '${perAgent * 64 * GIB}'), '{}', '{}', now(), now()
     from generate_series(1, ${agents}) g`,
  );
  await sql(
    database,
    `with created as (
       insert into sessions (id, name, type, status, status_data, status_history, status_changed, result, image,
         architecture, resource_group, domain_name, group_name, access_key, user_id, cluster_mode, cluster_size,
         priority, environ, requested_slots, occupying_slots, created_at)
       select gen_random_uuid(), '${group}-' || g, 'batch', 'PENDING', '{}', '{}', now(), 'UNDEFINED', 'python:3',
         'x86_64', '${group}', 'default', 'default', 'AK-' || (g % 50), 'user-' || (g % 50), 'single-node', 1, 0,
         '{}', '${JSON.stringify(SLOTS)}', '{}', now() + g * interval '1 millisecond'
       from generate_series(1, ${sessions}) g
       returning id
     )
     insert into kernels (id, session_id, cluster_role, cluster_idx, cluster_hostname, image, architecture, status,
       status_changed, status_history, requested_slots, occupied_slots, device_allocation, service_ports, created_at)
     select gen_random_uuid(), id, 'main', 1, 'main1', 'python:3', 'x86_64', 'PENDING', now(), '{}',
       '${JSON.stringify(SLOTS)}', '{}', '{}', '[]', now()
     from created`,
  );
}

/** A bus that drops events: the pass publishes only for cancellations, which this workload has none of. */
const silentBus = {
  publish: async () => undefined,
  subscribe: async () => ({ unsubscribe: async () => undefined }),
} as unknown as EventBus;

/** The database as the pass writer sees it, counting the commit statements (batches) it sends. */
function countingCommits(db: Database, count: { statements: number }): Database {
  const sessions = new Proxy(db.sessions, {
    get(target, key) {
      if (key !== 'commitAllocations') return Reflect.get(target, key) as unknown;
      return (...args: Parameters<Database['sessions']['commitAllocations']>) => {
        count.statements++;
        return target.commitAllocations(...args);
      };
    },
  });
  return new Proxy(db, { get: (target, key) => (key === 'sessions' ? sessions : Reflect.get(target, key)) });
}

/** One pass over `group` as SchedulingPass.decide runs it (the lock and the kernel launch left out). */
async function pass(db: OrmDatabase, group: string) {
  const selector: AgentSelector = new ConcentratedSelector({
    slotPriority: ['cuda', 'rocm', 'tpu', 'cpu', 'mem'],
  });
  const loader = new PassInputLoader(db, new SlotTypeRegistry(quiet), { maxContainerCount: 0 });
  const commits = { statements: 0 };
  const began = performance.now();
  const now = new Date();
  const loaded = await loader.load(group, now);
  const loadedAt = performance.now();
  const states = new Map<string, unknown>();
  const planner = new PassPlanner({
    input: loaded!.input,
    policy: new FifoScheduler({ numRetriesToSkip: 0 }),
    selector,
    selectorStates: { get: (a) => states.get(a), set: (a, s) => void states.set(a, s) },
  });
  const writer = new PassWriter({
    db: countingCommits(db, commits),
    recorder: new OutcomeRecorder(new SessionStatusWriter(db, silentBus, { source: 'bench' }), quiet),
    log: quiet,
    resourceGroup: group,
    now,
    lost: new AbortController().signal,
    agentOf: (id) => planner.view.agentOf(id),
  });
  await drivePass(planner, { onOutcome: writer.onOutcome });
  const decidedAt = performance.now();
  await writer.finish();
  const done = performance.now();
  return {
    committed: writer.tally.scheduled.length,
    refused: writer.tally.unplaced.length,
    commitStatements: commits.statements,
    loadMs: loadedAt - began,
    decideMs: decidedAt - loadedAt,
    finishMs: done - decidedAt,
    totalMs: done - began,
  };
}

/** The small group the unreported first pass schedules. */
const WARM_UP = { group: 'warm-up', agents: 50, sessions: 400 };

/** Whether every agent's occupied cpu is what its SCHEDULED kernels hold, and `committed` sessions moved. */
async function booksBalance(database: string, committed: number): Promise<boolean> {
  const [books] = await sql<{ agents: string; kernels: string; scheduled: string }>(
    database,
    `select (select sum((occupied_slots->>'cpu')::numeric) from agents) as agents,
            (select sum((occupied_slots->>'cpu')::numeric) from kernels where status = 'SCHEDULED') as kernels,
            (select count(*) from sessions where status = 'SCHEDULED') as scheduled`,
  );
  return Number(books!.agents) === Number(books!.kernels) && Number(books!.scheduled) === committed;
}

type Run = Awaited<ReturnType<typeof pass>> & { booksBalance: boolean };

/** Passes over freshly populated (and analysed) tables; the warm-up pass first. */
async function passes(database: string, options: { agents: number; sessions: number; passes: number }) {
  const db = await open(database);
  try {
    await db.schema.migrate();
    await populate(database, WARM_UP.group, WARM_UP.agents, WARM_UP.sessions);
    await sql(database, 'analyze');
    const warmUp = await pass(db, WARM_UP.group);
    if (warmUp.committed !== WARM_UP.sessions)
      throw new Error('the warm-up pass did not place every session');
    const runs: Run[] = [];
    for (let i = 0; i < options.passes; i++) {
      await sql(database, 'truncate session_dependencies, kernels, sessions, agents');
      await populate(database, 'default', options.agents, options.sessions);
      await sql(database, 'analyze');
      const run = await pass(db, 'default');
      runs.push({ ...run, booksBalance: await booksBalance(database, run.committed) });
    }
    return runs;
  } finally {
    await db.close();
  }
}

export async function measurePostgres(options: {
  agents: number;
  sessions: number;
  passes: number;
  pgbenchSeconds: number;
}) {
  const database = await scratchDatabase('tessera_bench_sched');
  const pgbenchDb = await scratchDatabase('tessera_pgbench');
  try {
    const runs = await passes(database, options);
    const oneClient = pgbenchTps(pgbenchDb, 1, options.pgbenchSeconds);
    const twoClients = pgbenchTps(pgbenchDb, 2, options.pgbenchSeconds);
    const rate = (run: Run) => (run.committed / run.totalMs) * 1000;
    // The median pass: a busy moment of the machine slows one pass, not the figure.
    const run = [...runs].sort((a, b) => rate(a) - rate(b))[Math.floor(runs.length / 2)]!;
    const perSecond = rate(run);
    const r = (value: number) => Math.round(value * 10) / 10;
    const ratio = (tps: number) => Math.round((perSecond / tps) * 1000) / 1000;
    return {
      server: `${reach.host}:${reach.port}`,
      agents: options.agents,
      pendingSessions: options.sessions,
      passes: runs.length,
      /** Every pass's rate, in the order they ran; the figures below are the median pass's. */
      placedAndCommittedPerSecondOfEachPass: runs.map((each) => r(rate(each))),
      committed: run.committed,
      refused: run.refused,
      /** Statements (transactions) the commits took: each commits one batch. */
      commitStatements: run.commitStatements,
      loadMs: r(run.loadMs),
      /** Until the last decision; the commits run meanwhile. */
      decideMs: r(run.decideMs),
      /** The commits still under way after the last decision, and the pending verdicts. */
      finishMs: r(run.finishMs),
      totalMs: r(run.totalMs),
      placedAndCommittedPerSecond: r(perSecond),
      /** In every pass. */
      booksBalance: runs.every((each) => each.booksBalance),
      pgbenchSimpleUpdateTps: { clients1: r(oneClient), clients2: r(twoClients) },
      /** Placed and committed per second over pgbench's transactions per second. */
      ratioToPgbench: { clients1: ratio(oneClient), clients2: ratio(twoClients) },
    };
  } finally {
    await dropDatabase(database);
    await dropDatabase(pgbenchDb);
  }
}
