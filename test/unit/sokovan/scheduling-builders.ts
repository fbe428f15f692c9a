import type {
  AgentRecord,
  AgentSelector,
  AgentStatus,
  ClusterMode,
  KernelRecord,
  KeypairResourcePolicyRecord,
  OwnerLimits,
  Scheduler,
  SessionRecord,
  SessionResult,
  SessionStatus,
  SessionType,
} from '@tessera/core';
import { ResourceSlot } from '@tessera/core';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { DispersedSelector } from '@tessera/agent-selector-dispersed';
import { MemoryCursorStore, RoundRobinSelector } from '@tessera/agent-selector-roundrobin';
import { DrfScheduler } from '@tessera/scheduler-drf';
import { FifoScheduler } from '@tessera/scheduler-fifo';
import { LifoScheduler } from '@tessera/scheduler-lifo';
import type { DependencyState, PassInput, SelectorStateAccess } from '@tessera/sokovan';
import { agentRecord, pendingSession } from '../schedulers/scheduling-fixtures';

/** A session as scheduling fixtures describe it; everything has a plausible default. */
export interface SessionSpec {
  id: string;
  name?: string;
  type?: SessionType;
  status?: SessionStatus;
  result?: SessionResult;
  accessKey?: string;
  user?: string;
  domain?: string;
  project?: string;
  resourceGroup?: string;
  priority?: number;
  /** Seconds after 2024-01-01T00:00:00Z (default: the session's position in its list). */
  createdAt?: number;
  /** Slots per kernel. */
  slots?: Record<string, string>;
  kernels?: number;
  clusterMode?: ClusterMode;
  architecture?: string;
  startsAt?: string;
  dependencies?: string[];
  designatedAgents?: string[];
  /** For sessions holding resources: the agent their kernels run on. */
  agentId?: string;
}

export interface AgentSpec {
  id: string;
  available: Record<string, string>;
  occupied?: Record<string, string>;
  status?: AgentStatus;
  schedulable?: boolean;
  architecture?: string;
}

/** Limits as fixtures give them: keypair policies may name only the fields they set. */
export interface LimitsSpec {
  keypairs?: Record<string, Partial<KeypairResourcePolicyRecord>>;
  users?: Record<string, Partial<KeypairResourcePolicyRecord>>;
  projects?: Record<string, Record<string, string>>;
  domains?: Record<string, Record<string, string>>;
}

export const EPOCH = Date.parse('2024-01-01T00:00:00Z');

function policy(fields: Partial<KeypairResourcePolicyRecord>): KeypairResourcePolicyRecord {
  return {
    name: 'fixture',
    defaultForUnspecified: 'UNLIMITED',
    totalResourceSlots: {},
    maxConcurrentSessions: 0,
    maxConcurrentSftpSessions: 0,
    maxPendingSessionCount: null,
    maxPendingSessionResourceSlots: null,
    maxContainersPerSession: 0,
    maxPriority: 100,
    ...fields,
  };
}

export function limitsFrom(spec: LimitsSpec = {}): OwnerLimits {
  const policies = (m: Record<string, Partial<KeypairResourcePolicyRecord>> = {}) =>
    Object.fromEntries(Object.entries(m).map(([key, fields]) => [key, policy(fields)]));
  return {
    keypairs: policies(spec.keypairs),
    users: policies(spec.users),
    projects: spec.projects ?? {},
    domains: spec.domains ?? {},
  };
}

export function sessionFrom(spec: SessionSpec, index: number): SessionRecord {
  const status = spec.status ?? 'PENDING';
  const slots = spec.slots ?? { cpu: '1', mem: '1073741824' };
  const count = spec.kernels ?? 1;
  const architecture = spec.architecture ?? 'x86_64';
  const holding = status !== 'PENDING' && spec.agentId !== undefined;
  const kernels: KernelRecord[] = Array.from({ length: count }, (_, i) => ({
    id: i === 0 ? spec.id : `${spec.id}-sub${i}`,
    sessionId: spec.id,
    clusterRole: i === 0 ? 'main' : 'sub',
    clusterIdx: i === 0 ? 1 : i,
    clusterHostname: i === 0 ? 'main1' : `sub${i}`,
    localRank: i,
    image: 'python:3.12',
    architecture,
    status: status === 'PENDING' ? 'PENDING' : status === 'TERMINATED' ? 'TERMINATED' : 'RUNNING',
    statusInfo: null,
    statusChanged: new Date(EPOCH),
    agentId: holding ? spec.agentId! : null,
    agentAddress: holding ? `inproc://${spec.agentId}` : null,
    containerId: null,
    requestedSlots: slots,
    occupiedSlots: holding ? slots : {},
    deviceAllocation: {},
    servicePorts: [],
    exitCode: null,
  }));
  const total = kernels.reduce(
    (sum, k) => sum.add(ResourceSlot.fromJSON(k.requestedSlots)),
    new ResourceSlot(),
  );
  return pendingSession({
    id: spec.id,
    name: spec.name ?? spec.id,
    type: spec.type ?? 'interactive',
    status,
    result: spec.result ?? 'UNDEFINED',
    accessKey: spec.accessKey ?? 'AK-ALICE',
    userId: spec.user ?? 'user-alice',
    domainName: spec.domain ?? 'default',
    groupName: spec.project ?? 'default',
    resourceGroup: spec.resourceGroup ?? 'default',
    priority: spec.priority ?? 0,
    createdAt: new Date(EPOCH + (spec.createdAt ?? index) * 1000),
    clusterMode: spec.clusterMode ?? 'single-node',
    clusterSize: count,
    architecture,
    requestedSlots: total.toJSON(),
    occupyingSlots: status === 'PENDING' ? {} : total.toJSON(),
    kernels,
    ...(spec.startsAt ? { startsAt: new Date(spec.startsAt) } : {}),
    ...(spec.dependencies ? { dependencies: spec.dependencies } : {}),
    ...(spec.designatedAgents ? { designatedAgents: spec.designatedAgents } : {}),
  });
}

export function agentFrom(spec: AgentSpec): AgentRecord {
  return agentRecord({
    id: spec.id,
    status: spec.status ?? 'ALIVE',
    schedulable: spec.schedulable ?? true,
    architecture: spec.architecture ?? 'x86_64',
    availableSlots: spec.available,
    occupiedSlots: spec.occupied ?? {},
  });
}

/** A pass's input from fixture parts; `now` defaults to an hour after the epoch. */
export function passInputFrom(parts: {
  now?: string;
  agents?: AgentSpec[];
  pending?: SessionSpec[];
  existing?: SessionSpec[];
  dependencies?: SessionSpec[];
  limits?: LimitsSpec;
  options?: { maxContainerCount?: number; pendingTimeout?: number };
}): PassInput {
  const pending = (parts.pending ?? [])
    .map(sessionFrom)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const dependencies = new Map<string, DependencyState>(
    (parts.dependencies ?? []).map((spec, i) => {
      const s = sessionFrom(spec, i);
      return [s.id, { id: s.id, name: s.name, status: s.status, result: s.result }];
    }),
  );
  return {
    resourceGroup: 'default',
    now: new Date(parts.now ?? EPOCH + 3600_000),
    pending,
    existing: (parts.existing ?? []).map((spec, i) => sessionFrom({ status: 'RUNNING', ...spec }, i)),
    agents: (parts.agents ?? []).map(agentFrom),
    limits: limitsFrom(parts.limits),
    dependencies,
    slotTypes: { cpu: 'count', mem: 'bytes', 'cuda.device': 'count', 'cuda.shares': 'count' },
    options: {
      maxContainerCount: parts.options?.maxContainerCount ?? null,
      pendingTimeoutMs: (parts.options?.pendingTimeout ?? 0) * 1000,
    },
  };
}

const SLOT_PRIORITY = ['cuda', 'rocm', 'tpu', 'cpu', 'mem'];

export function policyNamed(name = 'fifo'): Scheduler {
  switch (name) {
    case 'fifo':
      return new FifoScheduler({ numRetriesToSkip: 0 });
    case 'lifo':
      return new LifoScheduler();
    case 'drf':
      return new DrfScheduler({ keyBy: 'accessKey' }) as Scheduler;
    default:
      throw new Error(`no scheduler "${name}" in the fixtures`);
  }
}

export function selectorNamed(name = 'concentrated'): AgentSelector {
  switch (name) {
    case 'concentrated':
      return new ConcentratedSelector({ slotPriority: SLOT_PRIORITY });
    case 'dispersed':
      return new DispersedSelector({ slotPriority: SLOT_PRIORITY });
    case 'roundrobin': {
      const store = new MemoryCursorStore();
      return new RoundRobinSelector(() => store) as AgentSelector;
    }
    default:
      throw new Error(`no agent selector "${name}" in the fixtures`);
  }
}

/** Selector states kept in memory for a test (nothing persisted). */
export function memorySelectorStates(): SelectorStateAccess {
  const states = new Map<string, unknown>();
  return {
    get: (architecture) => states.get(architecture),
    set: (architecture, state) => void states.set(architecture, state),
  };
}
