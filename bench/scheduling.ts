/**
 * Benchmark for the scheduling loop ("Sokovan"). Prints JSON with:
 * - memory: placement decisions per second and decision latency (p50/p99/max) of one pass with
 *   10,000 pending sessions over 100, 1,000 and 10,000 agents: the pure placement path (fifo +
 *   concentrated, predicates, filters, reservation), no I/O;
 * - postgresql: sessions placed and committed per second by one pass on PostgreSQL with 1,000
 *   agents (read the group, decide, commit the allocations in batches, record the rest), beside
 *   the machine's pgbench simple-update rate with one and two clients measured in the same run.
 *   The goal is judged against two clients: that is the server's rate on this machine (pgbench
 *   with one client waits on its own round trips and leaves a core idle).
 *
 * One unreported pass runs first, so the figures are not those of code still being compiled.
 * Usage: npm run bench:scheduling [-- --pending 10000 --db-sessions 4000 --passes 3 --seconds 10]
 * The server is $TESSERA_HALFSTACK_POSTGRES_URL, else halfstack's (postgres/develove@127.0.0.1:8100).
 */
import { measurePass, sessions } from './scheduling-memory';
import { measurePostgres } from './scheduling-postgres';
import { runBenchmark } from './run-benchmark';

const flag = (name: string, fallback: number) =>
  Number(process.argv[process.argv.indexOf(name) + 1] || fallback) || fallback;

async function main(): Promise<void> {
  const pending = sessions(flag('--pending', 10_000));
  measurePass(1_000, pending.slice(0, 2_000)); // warm-up: the first pass would time the JIT compiling
  const memory = [100, 1_000, 10_000].map((agents) => measurePass(agents, pending));
  const postgresql = process.argv.includes('--memory-only')
    ? null
    : await measurePostgres({
        agents: flag('--db-agents', 1_000),
        sessions: flag('--db-sessions', 4_000),
        passes: flag('--passes', 3),
        pgbenchSeconds: flag('--seconds', 10),
      });
  const report = {
    benchmark: 'scheduling',
    memory,
    postgresql,
    goals: {
      p99DecisionUnder5msAt1000Agents:
        (memory.find((m) => m.agents === 1_000)?.decisionLatencyMs.p99 ?? Infinity) < 5,
      committedAtLeastAThirdOfPgbench2Clients: postgresql
        ? postgresql.ratioToPgbench.clients2 >= 1 / 3
        : null,
      committedAbovePgbench1Client: postgresql ? postgresql.ratioToPgbench.clients1 > 1 : null,
    },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

runBenchmark('scheduling', main);
