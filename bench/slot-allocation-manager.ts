/**
 * One "manager" of the slot-allocation benchmark, in a process of its own with its own MikroORM
 * instance and connection pool. It opens the database, says `ready`, waits for `go` with its share
 * of pending sessions, commits their allocations one after another (as a scheduler loop does)
 * until the time is up or its share runs out, and reports what it did.
 */
import { OrmDatabase, type Config } from '@tessera/database';
import type { Logger } from '@tessera/core';

export interface ManagerOrder {
  config: Partial<Config>;
  /** [sessionId, kernelId] pairs to place, one kernel each. */
  sessions: Array<[string, string]>;
  agents: string[];
  seconds: number;
  slots: Record<string, string>;
}

export interface ManagerReport {
  committed: number;
  refused: number;
  elapsedMs: number;
}

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};

async function run(order: ManagerOrder): Promise<ManagerReport> {
  const database = new OrmDatabase(quiet);
  await database.open(
    {
      driver: 'postgresql',
      path: 'unused',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: '',
      database: 'backend',
      poolSize: 4,
      connectTimeout: 5000,
      pendingMigrations: 'refuse',
      exampleFixtures: false,
      debug: false,
      ...order.config,
    },
    '/nonexistent',
  );
  try {
    process.send!({ ready: true });
    await new Promise<void>((go) => process.once('message', () => go()));
    const began = performance.now();
    const deadline = began + order.seconds * 1000;
    let committed = 0;
    let refused = 0;
    for (const [index, [sessionId, kernelId]] of order.sessions.entries()) {
      if (performance.now() >= deadline) break;
      const agentId = order.agents[index % order.agents.length]!;
      const outcome = await database.sessions.commitAllocation(
        sessionId,
        [{ kernelId, agentId, slots: order.slots }],
        new Date(),
      );
      if (outcome.ok) committed++;
      else refused++;
    }
    return { committed, refused, elapsedMs: performance.now() - began };
  } finally {
    await database.close();
  }
}

// A child process of bench/slot-allocation.ts: it exits once its report is sent (0) or on failure (1), so
// the parent sees the outcome in the exit code. Benchmark exit codes, not skipped tests.
process.once('message', (order: ManagerOrder) => {
  run(order).then(
    (report) => process.send!({ report }, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`manager failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
