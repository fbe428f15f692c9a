/**
 * Allocation-map benchmark (issue: accelerators). Prints one JSON object with, for each map, the
 * allocations and releases per second and their p50/p99/max latency under a mixed workload:
 * - a fractional map of 8 devices of 1 share, quantum 0.01 (EVENLY, then FILL), asked for random
 *   shares of 0.01 to 2.5, a release of a random live allocation interleaved about every third step
 *   (and whenever an allocation is refused);
 * - a 128-core CPU map (discrete, EVENLY), asked for 1 to 16 cores, same interleaving.
 * The reference, measured in the same run over the same random sequence, is the same loop doing
 * plain bookkeeping in a `Map` of numbers (first device with room, no strategy, no decimals).
 * Goal: p99 of an allocation under 0.1 ms, so that the agent is never the slow step of a session start.
 * Usage: npm run bench:alloc-maps [-- --operations 20000]
 */
import { cpus, loadavg } from 'node:os';
import {
  type AllocMap,
  type DeviceAllocation,
  DiscreteAllocMap,
  FractionAllocMap,
  type AllocationStrategy,
} from '@tessera/core';
import { quantile } from './quantile';
import { runBenchmark } from './run-benchmark';

function option(name: string, fallback: number, max: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

const OPERATIONS = option('operations', 20_000, 1_000_000);
const WARM_UP = 2_000;
const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

/** mulberry32: the same sequence of requests for the map and its reference. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** What the loop drives: the real map, or the reference bookkeeping. */
interface Books<Token> {
  allocate(amount: string): Token | undefined;
  release(token: Token): void;
}

function mapBooks(map: AllocMap, slot: string): Books<DeviceAllocation> {
  return {
    allocate(amount) {
      try {
        return map.allocate({ [slot]: amount });
      } catch {
        return undefined;
      }
    },
    release: (token) => map.free(token),
  };
}

/**
 * Plain `Map` bookkeeping of whole units (hundredths of a share, or cores): the request is taken
 * from the devices in order, as much as each has, once their total suffices. No strategy, no decimals.
 */
function referenceBooks(devices: number, capacity: number, unitsOf: (amount: string) => number) {
  const used = new Map<number, number>();
  for (let i = 0; i < devices; i++) used.set(i, 0);
  return {
    allocate(amount: string): Array<[number, number]> | undefined {
      let remaining = unitsOf(amount);
      let total = 0;
      for (const taken of used.values()) total += capacity - taken;
      if (total < remaining) return undefined;
      const token: Array<[number, number]> = [];
      for (const [device, taken] of used) {
        const take = Math.min(capacity - taken, remaining);
        if (take <= 0) continue;
        used.set(device, taken + take);
        token.push([device, take]);
        remaining -= take;
        if (remaining === 0) break;
      }
      return token;
    },
    release(token: Array<[number, number]>) {
      for (const [device, units] of token) used.set(device, used.get(device)! - units);
    },
  };
}

/** Rate over the time spent in these operations alone, and their latency percentiles. */
function figures(latencies: number[]) {
  const sorted = latencies.sort((a, b) => a - b);
  const seconds = sorted.reduce((total, value) => total + value, 0) / 1000;
  return {
    count: sorted.length,
    perSecond: Math.round(sorted.length / Math.max(seconds, 1e-9)),
    p50Ms: round(quantile(sorted, 0.5)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** Runs `operations` steps of the mixed workload; returns allocation and release figures. */
function drive<Token>(books: Books<Token>, request: (random: () => number) => string, operations: number) {
  const random = seededRandom(42);
  const live: Token[] = [];
  const allocations: number[] = [];
  const releases: number[] = [];
  const accepted: number[] = [];
  const refusedLatencies: number[] = [];
  let refused = 0;
  const release = () => {
    const token = live.splice(Math.floor(random() * live.length), 1)[0]!;
    const started = performance.now();
    books.release(token);
    const elapsed = performance.now() - started;
    releases.push(elapsed);
  };
  for (let step = 0; step < operations; step++) {
    if (live.length > 0 && random() < 0.35) {
      release();
      continue;
    }
    const amount = request(random);
    const started = performance.now();
    const token = books.allocate(amount);
    const elapsed = performance.now() - started;
    allocations.push(elapsed);
    (token === undefined ? refusedLatencies : accepted).push(elapsed);
    if (token === undefined) {
      refused++;
      if (live.length > 0) release();
    } else live.push(token);
  }
  return {
    allocations: figures(allocations),
    releases: figures(releases),
    refusedAllocations: refused,
    /** The same allocations split: refusals build an error (and its stack), which costs more. */
    p99MsAccepted: round(
      quantile(
        accepted.sort((a, b) => a - b),
        0.99,
      ),
    ),
    p99MsRefused: round(
      quantile(
        refusedLatencies.sort((a, b) => a - b),
        0.99,
      ),
    ),
  };
}

function compare<Token>(
  make: () => Books<DeviceAllocation>,
  reference: () => Books<Token>,
  request: (random: () => number) => string,
) {
  drive(make(), request, WARM_UP);
  drive(reference(), request, WARM_UP);
  const measured = drive(make(), request, OPERATIONS);
  const plain = drive(reference(), request, OPERATIONS);
  return {
    ...measured,
    reference: plain,
    p99RatioToReference: round(measured.allocations.p99Ms / Math.max(plain.allocations.p99Ms, 1e-6), 1),
  };
}

const shares = (random: () => number) => (Math.floor(random() * 250) / 100 + 0.01).toFixed(2);
const coreCount = (random: () => number) => String(Math.floor(random() * 16) + 1);

function fractional(strategy: AllocationStrategy) {
  const devices = Array.from({ length: 8 }, (_, i) => ({
    deviceId: `gpu${i}`,
    slotName: 'cuda.shares',
    amount: '1',
  }));
  return compare(
    () => mapBooks(new FractionAllocMap({ devices, strategy, quantum: '0.01' }), 'cuda.shares'),
    () => referenceBooks(8, 100, (amount) => Math.round(Number(amount) * 100)),
    shares,
  );
}

async function main(): Promise<void> {
  const cores = Array.from({ length: 128 }, (_, i) => ({
    deviceId: String(i),
    slotName: 'cpu',
    amount: '1',
  }));
  const fractionalEvenly = fractional('EVENLY');
  const fractionalFill = fractional('FILL');
  const cpu128 = compare(
    () => mapBooks(new DiscreteAllocMap({ devices: cores, strategy: 'EVENLY' }), 'cpu'),
    () => referenceBooks(128, 1, Number),
    coreCount,
  );
  const report = {
    operations: OPERATIONS,
    /** Latency percentiles on a shared machine follow its load; read them with this beside. */
    machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]!, 2) },
    fractional8DevicesQuantum001: { evenly: fractionalEvenly, fill: fractionalFill },
    cpu128CoresEvenly: cpu128,
    goals: {
      p99UnderPoint1Ms: {
        fractionalEvenly: fractionalEvenly.allocations.p99Ms < 0.1 && fractionalEvenly.releases.p99Ms < 0.1,
        fractionalFill: fractionalFill.allocations.p99Ms < 0.1 && fractionalFill.releases.p99Ms < 0.1,
        cpu128: cpu128.allocations.p99Ms < 0.1 && cpu128.releases.p99Ms < 0.1,
      },
    },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

runBenchmark('alloc-maps', main);
