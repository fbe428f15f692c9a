import {
  INTRINSIC_SLOT_TYPES,
  ResourceSlot,
  guessSlotType,
  type AgentRecord,
  type KeypairResourcePolicyRecord,
  type KernelRecord,
  type OwnerLimits,
  type SessionRecord,
  type SlotTypeMap,
} from '@tessera/core';
import type { Workload, WorkloadPolicy, WorkloadSession } from './workload';

/** The simulated clock's origin: times in a workload are seconds after it. */
export const SIMULATION_EPOCH = Date.UTC(2024, 0, 1);

/** A workload session expanded (`count`) and turned into a record, with its timing. */
export interface SessionPlan {
  template: string;
  record: SessionRecord;
  submitAt: number;
  duration: number | null;
}

type Amounts = Record<string, string | number>;

/** Slot types of every slot a workload names: its own list, the intrinsic ones, then guesses. */
export function workloadSlotTypes(workload: Workload): SlotTypeMap {
  const types: SlotTypeMap = { ...INTRINSIC_SLOT_TYPES, ...workload.slotTypes };
  const see = (slots: Amounts | undefined) => {
    for (const slot of Object.keys(slots ?? {})) types[slot] ??= guessSlotType(slot);
  };
  for (const agent of workload.agents) see(agent.slots);
  for (const session of workload.sessions) see(session.slots);
  return types;
}

function slots(amounts: Amounts | undefined, types: SlotTypeMap): Record<string, string> {
  return ResourceSlot.parse(amounts ?? {}, types).toJSON();
}

function expand<T extends { count?: number }>(
  items: readonly T[],
  key: (item: T) => string,
): Array<[T, string]> {
  return items.flatMap((item) => {
    const n = item.count ?? 1;
    return n === 1
      ? [[item, key(item)] as [T, string]]
      : Array.from({ length: n }, (_, i) => [item, `${key(item)}-${i + 1}`] as [T, string]);
  });
}

export function workloadAgents(workload: Workload, types: SlotTypeMap, resourceGroup: string): AgentRecord[] {
  return expand(workload.agents, (a) => a.id).map(([agent, id]) => ({
    id,
    status: 'ALIVE',
    address: `simulated://${id}`,
    region: 'simulation',
    resourceGroup,
    architecture: agent.architecture ?? 'x86_64',
    version: 'simulation',
    schedulable: true,
    availableSlots: slots(agent.slots, types),
    occupiedSlots: slots(agent.occupied, types),
    computePlugins: {},
    firstContact: new Date(SIMULATION_EPOCH),
    lastContact: new Date(SIMULATION_EPOCH),
  }));
}

export function workloadSessions(
  workload: Workload,
  types: SlotTypeMap,
  resourceGroup: string,
): SessionPlan[] {
  const expanded = expand(workload.sessions, (s) => s.name);
  const idsOf = new Map<string, string[]>();
  for (const [session, id] of expanded) idsOf.set(session.name, [...(idsOf.get(session.name) ?? []), id]);
  return expanded.map(([session, id]) => ({
    template: session.name,
    record: sessionRecord(session, id, types, resourceGroup, (name) => idsOf.get(name) ?? [name]),
    submitAt: session.submitAt ?? 0,
    duration: session.duration ?? null,
  }));
}

function sessionRecord(
  session: WorkloadSession,
  id: string,
  types: SlotTypeMap,
  resourceGroup: string,
  idsOf: (name: string) => string[],
): SessionRecord {
  const perKernel = slots(session.slots, types);
  const architecture = session.architecture ?? 'x86_64';
  const count = session.kernels ?? 1;
  const kernels: KernelRecord[] = Array.from({ length: count }, (_, i) => ({
    id: i === 0 ? id : `${id}/sub${i}`,
    sessionId: id,
    clusterRole: i === 0 ? 'main' : 'sub',
    clusterIdx: Math.max(1, i),
    clusterHostname: i === 0 ? 'main1' : `sub${i}`,
    localRank: i,
    image: 'simulation',
    architecture,
    status: 'PENDING',
    statusInfo: null,
    statusChanged: new Date(SIMULATION_EPOCH),
    agentId: null,
    agentAddress: null,
    containerId: null,
    requestedSlots: perKernel,
    occupiedSlots: {},
    deviceAllocation: {},
    servicePorts: [],
    exitCode: null,
  }));
  const user = session.user ?? session.owner ?? 'user';
  const total = kernels.reduce(
    (sum, k) => sum.add(ResourceSlot.fromJSON(k.requestedSlots)),
    new ResourceSlot(),
  );
  return {
    id,
    name: id,
    type: session.type ?? (session.startAt !== undefined ? 'batch' : 'interactive'),
    status: 'PENDING',
    statusInfo: null,
    statusData: {},
    statusHistory: {},
    result: 'UNDEFINED',
    image: 'simulation',
    architecture,
    resourceGroup,
    domainName: session.domain ?? 'default',
    groupName: session.project ?? 'default',
    accessKey: session.owner ?? user,
    userId: user,
    clusterMode: session.clusterMode ?? 'single-node',
    clusterSize: count,
    priority: session.priority ?? 0,
    startsAt: session.startAt !== undefined ? new Date(SIMULATION_EPOCH + session.startAt * 1000) : null,
    dependencies: (session.dependsOn ?? []).flatMap(idsOf),
    ...(session.agents?.length ? { designatedAgents: session.agents } : {}),
    tag: null,
    environ: {},
    startupCommand: null,
    requestedSlots: total.toJSON(),
    occupyingSlots: {},
    createdAt: new Date(SIMULATION_EPOCH + (session.submitAt ?? 0) * 1000),
    terminatedAt: null,
    kernels,
  };
}

function policy(fields: WorkloadPolicy, types: SlotTypeMap): KeypairResourcePolicyRecord {
  return {
    name: 'workload',
    defaultForUnspecified: fields.defaultForUnspecified ?? 'UNLIMITED',
    totalResourceSlots: slots(fields.totalResourceSlots, types),
    maxConcurrentSessions: fields.maxConcurrentSessions ?? 0,
    maxConcurrentSftpSessions: fields.maxConcurrentSftpSessions ?? 0,
    maxPendingSessionCount: fields.maxPendingSessionCount ?? null,
    maxPendingSessionResourceSlots: fields.maxPendingSessionResourceSlots
      ? slots(fields.maxPendingSessionResourceSlots, types)
      : null,
    maxContainersPerSession: 0,
    maxPriority: 100,
  };
}

export function workloadLimits(workload: Workload, types: SlotTypeMap): OwnerLimits {
  const policies = (m: Record<string, WorkloadPolicy> = {}) =>
    Object.fromEntries(Object.entries(m).map(([key, fields]) => [key, policy(fields, types)]));
  const totals = (m: Record<string, Amounts> = {}) =>
    Object.fromEntries(Object.entries(m).map(([key, amounts]) => [key, slots(amounts, types)]));
  const limits = workload.limits ?? {};
  return {
    keypairs: policies(limits.keypairs),
    users: policies(limits.users),
    projects: totals(limits.projects),
    domains: totals(limits.domains),
  };
}
