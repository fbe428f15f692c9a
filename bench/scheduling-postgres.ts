/**
 * The PostgreSQL half of `bench/scheduling.ts`: one scheduling pass of the manager's own code
 * (PassInputLoader, PassPlanner, drivePass, commitAllocation, recordPendingVerdicts) over a
 * scratch database with many agents and pending sessions, timed end to end, beside pgbench's
 * simple-update rate on the same server.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { AgentSelector, EventBus, Logger } from '@tessera/core';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { OrmDatabase, type Config } from '@tessera/database';
import {
  OutcomeRecorder,
  PassInputLoader,
  PassPlanner,
  PassWriter,
  SessionStatusWriter,
  SlotTypeRegistry,
  drivePass,
} from '@tessera/manager';
import { FifoScheduler } from '@tessera/scheduler-fifo';

const GIB = 2 ** 30;
const SLOTS = { cpu: '1', mem: String(GIB) };
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

const server = new URL(
  process.env.TESSERA_HALFSTACK_POSTGRES_URL ?? 'postgresql://postgres:develove@127.0.0.1:8100/backend',
);
const reach = {
  host: server.hostname,
  port: Number(server.port || 5432),
  user: decodeURIComponent(server.username),
  password: decodeURIComponent(server.password),
};

async function sql<T = Record<string, unknown>>(database: string, text: string): Promise<T[]> {
  const client = new Client({ ...reach, database });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

const admin = server.pathname.slice(1) || 'postgres';

async function scratch(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await sql(admin, `create database "${name}"`);
  return name;
}

async function open(database: string): Promise<OrmDatabase> {
  const db = new OrmDatabase(quiet);
  const config: Partial<Config> = { driver: 'postgresql', ...reach, database, pendingMigrations: 'ignore' };
  await db.open(
    { ...(config as Config), poolSize: 4, connectTimeout: 5000, exampleFixtures: false, debug: false },
    '/nonexistent',
  );
  return db;
}

/** Agents with room for every session, and pending one-kernel sessions, inserted in bulk. */
async function populate(database: string, agents: number, sessions: number): Promise<void> {
  const perAgent = Math.ceil(sessions / agents) * 2;
  await sql(
    database,
    `insert into agents (id, status, status_changed, address, region, resource_group, architecture, version,
       schedulable, available_slots, occupied_slots, compute_plugins, first_contact, last_contact)
     select 'bench-agent-' || lpad(g::text, 5, '0'), 'ALIVE', now(), 'inproc://bench-agent-' || g, 'bench',
       'default', 'x86_64', 'bench', true,
       jsonb_build_object('cpu', '${perAgent}', 'mem', '${perAgent * 64 * GIB}'), '{}', '{}', now(), now()
     from generate_series(1, ${agents}) g`,
  );
  await sql(
    database,
    `insert into sessions (id, name, type, status, status_data, status_history, status_changed, result, image,
       architecture, resource_group, domain_name, group_name, access_key, user_id, cluster_mode, cluster_size,
       priority, environ, requested_slots, occupying_slots, created_at)
     select gen_random_uuid(), 'bench-' || g, 'batch', 'PENDING', '{}', '{}', now(), 'UNDEFINED', 'python:3',
       'x86_64', 'default', 'default', 'default', 'AK-' || (g % 50), 'user-' || (g % 50), 'single-node', 1, 0,
       '{}', '${JSON.stringify(SLOTS)}', '{}', now() + g * interval '1 millisecond'
     from generate_series(1, ${sessions}) g`,
  );
  await sql(
    database,
    `insert into kernels (id, session_id, cluster_role, cluster_idx, cluster_hostname, image, architecture, status,
       status_changed, status_history, requested_slots, occupied_slots, device_allocation, service_ports, created_at)
     select gen_random_uuid(), id, 'main', 1, 'main1', 'python:3', 'x86_64', 'PENDING', now(), '{}',
       '${JSON.stringify(SLOTS)}', '{}', '{}', '[]', now()
     from sessions`,
  );
}

/** A bus that drops events: the pass publishes only for cancellations, which this workload has none of. */
const silentBus = {
  publish: async () => undefined,
  subscribe: async () => ({ unsubscribe: async () => undefined }),
} as unknown as EventBus;

/** One pass as SchedulingPass.decide runs it (the lock and the kernel launch left out). */
async function pass(db: OrmDatabase) {
  const selector: AgentSelector = new ConcentratedSelector({
    slotPriority: ['cuda', 'rocm', 'tpu', 'cpu', 'mem'],
  });
  const loader = new PassInputLoader({ db, slotTypes: new SlotTypeRegistry(quiet), maxContainerCount: 0 });
  const began = performance.now();
  const now = new Date();
  const loaded = await loader.load('default', now);
  const loadedAt = performance.now();
  const states = new Map<string, unknown>();
  const planner = new PassPlanner({
    input: loaded!.input,
    policy: new FifoScheduler({ numRetriesToSkip: 0 }),
    selector,
    selectorStates: { get: (a) => states.get(a), set: (a, s) => void states.set(a, s) },
  });
  const writer = new PassWriter({
    db,
    recorder: new OutcomeRecorder(new SessionStatusWriter(db, silentBus, 'bench'), quiet),
    log: quiet,
    resourceGroup: 'default',
    now,
    lost: new AbortController().signal,
    agentOf: (id) => planner.view.agentOf(id),
  });
  await drivePass(planner, { onOutcome: writer.onOutcome });
  await writer.finish();
  const done = performance.now();
  return {
    committed: writer.tally.scheduled.length,
    refused: writer.tally.unplaced.length,
    loadMs: loadedAt - began,
    decideAndCommitMs: done - loadedAt,
    totalMs: done - began,
  };
}

function pgbench(database: string, clients: number, seconds: number): number {
  const common = ['-h', reach.host, '-p', String(reach.port), '-U', reach.user];
  const env = { ...process.env, PGPASSWORD: reach.password };
  execFileSync('pgbench', ['-i', '-q', ...common, database], { env, stdio: 'pipe' });
  const out = execFileSync(
    'pgbench',
    ['-N', '-T', String(seconds), '-c', String(clients), ...common, database],
    {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(tps[1]);
}

export async function measurePostgres(options: { agents: number; sessions: number; pgbenchSeconds: number }) {
  const database = await scratch('tessera_bench_sched');
  const pgbenchDb = await scratch('tessera_pgbench');
  try {
    const db = await open(database);
    let run: Awaited<ReturnType<typeof pass>>;
    try {
      await db.schema.migrate();
      await populate(database, options.agents, options.sessions);
      run = await pass(db);
    } finally {
      await db.close();
    }
    const [books] = await sql<{ agents: string; kernels: string; scheduled: string }>(
      database,
      `select (select sum((occupied_slots->>'cpu')::numeric) from agents) as agents,
              (select sum((occupied_slots->>'cpu')::numeric) from kernels where status = 'SCHEDULED') as kernels,
              (select count(*) from sessions where status = 'SCHEDULED') as scheduled`,
    );
    const oneClient = pgbench(pgbenchDb, 1, options.pgbenchSeconds);
    const twoClients = pgbench(pgbenchDb, 2, options.pgbenchSeconds);
    const perSecond = (run.committed / run.totalMs) * 1000;
    const r = (value: number) => Math.round(value * 10) / 10;
    return {
      server: `${reach.host}:${reach.port}`,
      agents: options.agents,
      pendingSessions: options.sessions,
      committed: run.committed,
      refused: run.refused,
      loadMs: r(run.loadMs),
      decideAndCommitMs: r(run.decideAndCommitMs),
      placedAndCommittedPerSecond: r(perSecond),
      placedAndCommittedPerSecondAfterLoad: r((run.committed / run.decideAndCommitMs) * 1000),
      booksBalance:
        Number(books!.agents) === Number(books!.kernels) && Number(books!.scheduled) === run.committed,
      pgbenchSimpleUpdateTps: { clients1: r(oneClient), clients2: r(twoClients) },
      /** A pass commits on one connection, so it is compared with pgbench on one client. */
      committedPerPgbenchTransaction: Math.round((perSecond / oneClient) * 1000) / 1000,
    };
  } finally {
    await sql(admin, `drop database if exists "${database}" with (force)`);
    await sql(admin, `drop database if exists "${pgbenchDb}" with (force)`);
  }
}
