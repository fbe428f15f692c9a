/**
 * Benchmark of the admin GraphQL API (issue: identity and administration). Prints JSON, in one run:
 * `compute_session_list` over 1,000 sessions of 2 kernels each, owned by 20 users of two projects,
 * asking for each session's owner e-mail, project id, image, dependencies and containers (agent,
 * status, slots, last stat), paged 100 at a time as the API allows, through the cluster manager
 * (`manifests/cluster/manager.yaml`: PostgreSQL, etcd, Redis) booted in this process; beside it, the
 * one SQL query that fetches the same rows (sessions joined with kernels, users and projects) on the
 * same database. It reports the time of the 1,000 sessions both ways (median of several rounds,
 * after two rounds of warm-up) and how many SQL statements one page costs at page sizes 10, 50 and
 * 100: the goals are a time within 3x of the single query and statements that do not grow with
 * the page. Then the same again once one session in ten waits for another (`withDependencies`):
 * the page's dependencies cost one more batch of statements, whatever the page size.
 *
 * Statements are counted on the `pg` driver, for the work an HTTP request started only (an
 * AsyncLocalStorage opened around each request), so the manager's own timers do not count.
 * Usage: npm run bench:admin-graphql [-- --rounds 5]
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { ApiConfig, Client } from '@tessera/client';
import { Kernel } from '@tessera/core';
import { OrmDatabase, type Config } from '@tessera/database';
import { freePort } from './free-port';
import { numericArgument } from './cli-options';
import { dropDatabase, quiet, reach, scratchDatabase, sql } from './halfstack-postgres';

const ROOT = resolve(__dirname, '..', '..');
const SESSIONS = 1000;
const USERS = 20;
const PAGE = 100;
/** One session in this many waits for another. */
const DEPENDENT_EVERY = 10;
const rounds = numericArgument('--rounds', 5, 20);
/** Rounds run before the counted ones, both ways. */
const WARM_UP_ROUNDS = 2;

/** Statements the `pg` driver sends on behalf of an HTTP request, counted per request. */
const requestScope = new AsyncLocalStorage<{ statements: number }>();
/** The last request's count (the benchmark sends one request at a time). */
let lastRequest: { statements: number } = { statements: 0 };
function countRequestStatements(): void {
  const query = PgClient.prototype.query as (...args: unknown[]) => unknown;
  PgClient.prototype.query = function (this: PgClient, ...args: unknown[]) {
    const scope = requestScope.getStore();
    if (scope) scope.statements++;
    return query.apply(this, args);
  } as typeof PgClient.prototype.query;
  const emit = Server.prototype.emit as (event: string, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
    if (event !== 'request') return emit.call(this, event, ...args);
    const scope = { statements: 0 };
    lastRequest = scope;
    return requestScope.run(scope, () => emit.call(this, event, ...args));
  } as typeof Server.prototype.emit;
}

/** The halfstack fixture plus 20 users with a keypair each, members of two projects. */
function fixture(): Record<string, unknown[]> {
  const base = JSON.parse(readFileSync(join(ROOT, 'manifests', 'halfstack-fixture.json'), 'utf8')) as Record<
    string,
    unknown[]
  >;
  const research = '5a3a1f04-8b0e-4c7c-9a59-2f7d3c1e6b10';
  const users = Array.from({ length: USERS }, (_, i) => ({
    uuid: randomUUID(),
    username: `bench-user-${i}`,
    email: `bench-user-${i}@lablup.com`,
    domain_name: 'default',
    role: 'user',
  }));
  return {
    ...base,
    groups: [...(base['groups'] ?? []), { id: research, name: 'research', domain_name: 'default' }],
    users: [...(base['users'] ?? []), ...users],
    association_groups_users: [
      ...(base['association_groups_users'] ?? []),
      ...users.map((user, i) => ({
        user_id: user.uuid,
        group_id: i % 2 ? research : '2de2b969-1d04-48a6-af16-0bc8adb3c831',
      })),
    ],
    keypairs: [
      ...(base['keypairs'] ?? []),
      ...users.map((user, i) => ({
        user_id: user.email,
        access_key: `AKIABENCHUSER${String(i).padStart(7, '0')}`,
        secret_key: randomBytes(20).toString('hex'),
        resource_policy: 'default',
      })),
    ],
  };
}

/** 1,000 sessions of 2 kernels each, spread over the users, in two statements. */
async function populateSessions(database: string): Promise<void> {
  await sql(
    database,
    `with owners as (
       select u.uuid, k.access_key, row_number() over (order by u.email) - 1 as n,
         (select g.name from association_groups_users a join groups g on g.id = a.group_id
           where a.user_id = u.uuid limit 1) as project
       from users u join keypairs k on k.user = u.uuid where u.email like 'bench-user-%'
     ), created as (
       insert into sessions (id, name, type, status, status_data, status_history, status_changed, result, image,
         architecture, resource_group, domain_name, group_name, access_key, user_id, cluster_mode, cluster_size,
         priority, environ, requested_slots, occupying_slots, created_at)
       select gen_random_uuid(), 'bench-' || g, 'batch', 'RUNNING', '{}', '{}', now(), 'UNDEFINED',
         'cr.backend.ai/stable/python:3.11', 'x86_64', 'default', 'default', o.project, o.access_key, o.uuid::text,
         'single-node', 2, 0, '{}', '{"cpu": "2", "mem": "2147483648"}', '{"cpu": "2", "mem": "2147483648"}',
         now() + g * interval '1 millisecond'
       from generate_series(1, ${SESSIONS}) g join owners o on o.n = g % ${USERS}
       returning id
     )
     insert into kernels (id, session_id, cluster_role, cluster_idx, cluster_hostname, image, architecture, status,
       status_changed, status_history, requested_slots, occupied_slots, device_allocation, service_ports,
       last_stat, created_at)
     select gen_random_uuid(), id, case when r = 1 then 'main' else 'sub' end, r,
       case when r = 1 then 'main1' else 'sub1' end, 'cr.backend.ai/stable/python:3.11', 'x86_64', 'RUNNING',
       now(), '{}', '{"cpu": "1", "mem": "1073741824"}', '{"cpu": "1", "mem": "1073741824"}', '{}', '[]',
       '{"cpu_used": {"current": "1200", "capacity": null}}', now()
     from created, generate_series(1, 2) r`,
  );
  await sql(database, 'analyze');
}

/** Makes every DEPENDENT_EVERY-th session wait for the one created before it (a two-step pipeline). */
async function addDependencies(database: string): Promise<void> {
  await sql(
    database,
    `with numbered as (select id, row_number() over (order by created_at) as n from sessions)
     insert into session_dependencies (session_id, depends_on)
     select later.id, earlier.id from numbered later join numbered earlier on earlier.n = later.n - 1
     where later.n % ${DEPENDENT_EVERY} = 0`,
  );
  await sql(database, 'analyze');
}

const LIST = `query ($limit: Int!, $offset: Int!) {
  compute_session_list(limit: $limit, offset: $offset) {
    total_count
    items {
      id name status image user_email group_id access_key
      dependencies { id }
      containers { id role agent status occupied_slots last_stat }
    }
  }
}`;

/** The same rows in one query: what a hand-written report would run. */
const SINGLE_QUERY = `
select s.id, s.name, s.status, s.image, s.access_key, u.email, g.id as group_id,
  k.id as kernel_id, k.cluster_role, k.agent, k.status as kernel_status, k.occupied_slots, k.last_stat,
  (select array_agg(d.depends_on) from session_dependencies d where d.session_id = s.id) as dependencies
from sessions s
join kernels k on k.session_id = s.id
left join users u on u.uuid::text = s.user_id
left join groups g on g.name = s.group_name and g.domain_name = s.domain_name
order by s.created_at desc, s.id desc, k.cluster_idx`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100;
}

async function main(): Promise<void> {
  const database = await scratchDatabase('tessera_bench_admin');
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-admin-'));
  let kernel: Kernel | undefined;
  try {
    const db = new OrmDatabase(quiet);
    const config: Partial<Config> = { driver: 'postgresql', ...reach, database, pendingMigrations: 'ignore' };
    await db.open(
      { ...(config as Config), poolSize: 4, connectTimeout: 5000, exampleFixtures: false, debug: false },
      dataDir,
    );
    await db.schema.migrate();
    await db.fixtures.populate(fixture());
    await db.close();
    await populateSessions(database);

    countRequestStatements();
    const port = await freePort();
    kernel = await Kernel.fromManifest(join(ROOT, 'manifests', 'cluster', 'manager.yaml'), {
      logger: quiet,
      env: {
        ...process.env,
        TESSERA_DB_NAME: database,
        TESSERA_MANAGER_PORT: String(port),
        TESSERA_DATA_DIR: dataDir,
        TESSERA_ETCD_NAMESPACE: database,
        TESSERA_REDIS_STREAM: `${database}-events`,
        TESSERA_REDIS_CHANNEL: `${database}-events`,
      },
    });
    await kernel.start();
    const client = new Client(
      new ApiConfig({
        endpoints: [`http://127.0.0.1:${port}`],
        accessKey: 'AKIAHALFSTACKDEV0001',
        secretKey: 'halfstackDevSecretForLoopbackOnly0001',
      }),
    );
    const list = await measure(client, database);
    await addDependencies(database);
    const withDependencies = await measure(client, database);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'admin-graphql',
          unit: 'ms',
          sessions: SESSIONS,
          kernelsPerSession: 2,
          users: USERS,
          rounds,
          ...list,
          goals: {
            within3xOfSingleQuery: list.ratioToSingleQuery <= 3,
            statementsConstantInPageSize: list.statementsConstant && withDependencies.statementsConstant,
          },
          // The same listing once one session in DEPENDENT_EVERY waits for another: the page's
          // dependencies are read in one more batch of statements (a further round trip).
          withDependencies: { dependentSessions: SESSIONS / DEPENDENT_EVERY, ...withDependencies },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await kernel?.stop().catch(() => undefined);
    await dropDatabase(database).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Times the 1,000 sessions through the API and through the single query, round after round, and
 * counts the statements of a page at three page sizes.
 */
async function measure(client: Client, database: string) {
  let statements = 0;
  const page = async (limit: number, offset: number) => {
    const response = await fetchCounted(client, limit, offset);
    statements = response.statements;
    return response.items;
  };

  // Statements per page, at three page sizes (after one warm-up listing).
  await page(PAGE, 0);
  const perPage: Record<string, number> = {};
  for (const size of [10, 50, 100]) {
    await page(size, 0);
    perPage[String(size)] = statements;
  }

  const graphqlTimes: number[] = [];
  const sqlTimes: number[] = [];
  let rows = 0;
  // The first WARM_UP_ROUNDS rounds are not counted: V8 optimises the listing's code meanwhile.
  for (let round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
    const began = performance.now();
    let listed = 0;
    for (let offset = 0; offset < SESSIONS; offset += PAGE) listed += (await page(PAGE, offset)).length;
    if (round >= WARM_UP_ROUNDS) graphqlTimes.push(performance.now() - began);
    if (listed !== SESSIONS) throw new Error(`listed ${listed} sessions, not ${SESSIONS}`);

    const pg = new PgClient({ ...reach, database });
    await pg.connect();
    try {
      const sqlBegan = performance.now();
      rows = (await pg.query(SINGLE_QUERY)).rowCount ?? 0;
      if (round >= WARM_UP_ROUNDS) sqlTimes.push(performance.now() - sqlBegan);
    } finally {
      await pg.end();
    }
  }
  if (rows !== SESSIONS * 2) throw new Error(`the single query read ${rows} rows, not ${SESSIONS * 2}`);

  const graphqlMs = median(graphqlTimes);
  const singleQueryMs = median(sqlTimes);
  const counts = Object.values(perPage);
  return {
    computeSessionList: {
      pageSize: PAGE,
      pages: SESSIONS / PAGE,
      medianMs: graphqlMs,
      allMs: graphqlTimes.map((t) => Math.round(t)),
      statementsPerPage: perPage,
    },
    singleSqlQuery: { medianMs: singleQueryMs, rows, allMs: sqlTimes.map((t) => Math.round(t)) },
    ratioToSingleQuery: Math.round((graphqlMs / singleQueryMs) * 100) / 100,
    statementsConstant: counts.every((count) => count === counts[0]),
  };
}

/** One signed page of `compute_session_list`, with the statements its request cost. */
async function fetchCounted(
  client: Client,
  limit: number,
  offset: number,
): Promise<{ items: unknown[]; statements: number }> {
  const data = await client.graphql<{ compute_session_list: { items: unknown[] } }>(LIST, { limit, offset });
  return { items: data.compute_session_list.items, statements: lastRequest.statements };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`admin-graphql benchmark failed: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
