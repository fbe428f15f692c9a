/**
 * The in-memory half of `bench/scheduling.ts`: the pure placement path (policy pick, predicates,
 * filters, selector, reservation) over generated agents and pending sessions, timing every
 * decision. No I/O.
 */
import type { AgentRecord, KernelRecord, SessionRecord } from '@tessera/core';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { NO_LIMITS, PassPlanner, type PassInput } from '@tessera/sokovan';
import { FifoScheduler } from '@tessera/scheduler-fifo';

const GIB = 2 ** 30;
const EPOCH = Date.UTC(2024, 0, 1);

/** A small deterministic generator (mulberry32), so every run places the same workload. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Session shapes and how often they occur. */
const SHAPES: Array<[number, Record<string, string>]> = [
  [0.4, { cpu: '1', mem: String(2 * GIB) }],
  [0.3, { cpu: '4', mem: String(8 * GIB) }],
  [0.15, { cpu: '8', mem: String(32 * GIB) }],
  [0.15, { cpu: '4', mem: String(16 * GIB), 'cuda.device': '1' }],
];

export function agents(count: number): AgentRecord[] {
  return Array.from({ length: count }, (_, i): AgentRecord => ({
    id: `agent-${String(i).padStart(5, '0')}`,
    status: 'ALIVE',
    address: `inproc://agent-${i}`,
    region: 'bench',
    resourceGroup: 'default',
    architecture: 'x86_64',
    version: 'bench',
    schedulable: true,
    availableSlots: (i % 2 === 0
      ? { cpu: '32', mem: String(128 * GIB), 'cuda.device': '4' }
      : { cpu: '32', mem: String(128 * GIB) }) as Record<string, string>,
    occupiedSlots: {},
    computePlugins: {},
    firstContact: new Date(EPOCH),
    lastContact: new Date(EPOCH),
  }));
}

export function sessions(count: number, seed = 7): SessionRecord[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    let pick = next();
    const slots = (SHAPES.find(([share]) => (pick -= share) < 0) ?? SHAPES[0]!)[1];
    const id = `session-${String(i).padStart(6, '0')}`;
    const kernel: KernelRecord = {
      id,
      sessionId: id,
      clusterRole: 'main',
      clusterIdx: 1,
      clusterHostname: 'main1',
      localRank: 0,
      image: 'python:3.12',
      architecture: 'x86_64',
      status: 'PENDING',
      statusInfo: null,
      statusChanged: new Date(EPOCH),
      agentId: null,
      agentAddress: null,
      containerId: null,
      requestedSlots: slots,
      occupiedSlots: {},
      deviceAllocation: {},
      servicePorts: [],
      exitCode: null,
    };
    return {
      id,
      name: id,
      type: 'batch',
      status: 'PENDING',
      statusInfo: null,
      statusData: {},
      statusHistory: {},
      result: 'UNDEFINED',
      image: 'python:3.12',
      architecture: 'x86_64',
      resourceGroup: 'default',
      domainName: 'default',
      groupName: 'default',
      accessKey: `AK-${i % 50}`,
      userId: `user-${i % 50}`,
      clusterMode: 'single-node',
      clusterSize: 1,
      priority: i % 10 === 0 ? 10 : 0,
      tag: null,
      environ: {},
      startupCommand: null,
      requestedSlots: slots,
      occupyingSlots: {},
      createdAt: new Date(EPOCH + i),
      terminatedAt: null,
      kernels: [kernel],
    };
  });
}

export interface MemoryFigures {
  agents: number;
  pendingSessions: number;
  placed: number;
  unplaced: number;
  held: number;
  decisionsPerSecond: number;
  decisionLatencyMs: { p50: number; p99: number; max: number };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One pass of `pending` sessions over `agentCount` agents with fifo + concentrated. */
export function measurePass(agentCount: number, pending: readonly SessionRecord[]): MemoryFigures {
  const input: PassInput = {
    resourceGroup: 'default',
    now: new Date(EPOCH + 3_600_000),
    pending,
    existing: [],
    agents: agents(agentCount),
    limits: NO_LIMITS,
    dependencies: new Map(),
    slotTypes: { cpu: 'count', mem: 'bytes', 'cuda.device': 'count' },
    options: { pendingTimeoutMs: 0, maxContainerCount: null },
  };
  const states = new Map<string, unknown>();
  const planner = new PassPlanner({
    input,
    policy: new FifoScheduler({ numRetriesToSkip: 0 }),
    selector: new ConcentratedSelector({ slotPriority: ['cuda', 'rocm', 'tpu', 'cpu', 'mem'] }),
    selectorStates: { get: (a) => states.get(a), set: (a, s) => void states.set(a, s) },
  });
  const latencies: number[] = [];
  const counts = { placed: 0, unplaced: 0, held: 0 };
  const began = performance.now();
  for (;;) {
    const start = performance.now();
    const step = planner.next();
    if (!step) break;
    if (step.kind === 'held') {
      counts.held++;
      continue;
    }
    planner.check(step.session);
    const result = planner.place(step.session);
    latencies.push(performance.now() - start);
    counts[result.kind === 'placed' ? 'placed' : 'unplaced']++;
  }
  const elapsed = performance.now() - began;
  latencies.sort((a, b) => a - b);
  return {
    agents: agentCount,
    pendingSessions: pending.length,
    ...counts,
    decisionsPerSecond: Math.round((latencies.length / elapsed) * 1000),
    decisionLatencyMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
  };
}
