import {
  ResourceSlot,
  type AgentRecord,
  type AgentSelector,
  type KernelPlacement,
  type Scheduler,
  type SessionRecord,
} from '@tessera/core';
import { drivePass } from '../pass-driver';
import type { DependencyState, PassInput } from '../pass-input';
import type { SessionOutcome } from '../pass-outcome';
import { PassPlanner } from '../pass-planner';
import type { Workload } from './workload';
import {
  SIMULATION_EPOCH,
  workloadAgents,
  workloadLimits,
  workloadSessions,
  workloadSlotTypes,
  type SessionPlan,
} from './workload-records';

/** Where one session of the workload ended up. Times are seconds after the start. */
export interface SimulatedSession {
  id: string;
  template: string;
  priority: number;
  state: 'finished' | 'running' | 'pending' | 'cancelled';
  submittedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  waitedSeconds: number | null;
  agents: string[];
  /** Why it is still pending or was cancelled (the last pass's verdict). */
  reason: string | null;
  attempts: number;
}

export interface SimulationReport {
  resourceGroup: string;
  scheduler: string;
  agentSelector: string;
  passes: number;
  sessions: SimulatedSession[];
  summary: {
    sessions: number;
    placed: number;
    pending: number;
    cancelled: number;
    meanWaitSeconds: number | null;
    maxWaitSeconds: number | null;
    /** When the last placed session started (or finished, when it has a duration). */
    makespanSeconds: number;
  };
}

interface Running {
  plan: SessionPlan;
  placements: KernelPlacement[];
  endsAt: number | null;
}

/**
 * Replays a workload through a policy and a selector: a pass runs at every moment something
 * happens (a session is submitted, one finishes and frees its agents, a start time or a pending
 * timeout comes), exactly as the manager's loop would run it, with the same planner. Nothing is
 * written anywhere; the selector's state lives for the simulation only.
 */
export async function simulateWorkload(
  workload: Workload,
  implementations: { policy: Scheduler; selector: AgentSelector },
): Promise<SimulationReport> {
  const resourceGroup = workload.resourceGroup ?? 'default';
  const types = workloadSlotTypes(workload);
  const agents = workloadAgents(workload, types, resourceGroup);
  const plans = workloadSessions(workload, types, resourceGroup);
  const limits = workloadLimits(workload, types);
  const timeout = workload.options?.pendingTimeout ?? 0;
  const results = new Map<string, SimulatedSession>(plans.map((p) => [p.record.id, initial(p)]));
  const pending = new Map<string, SessionRecord>();
  const running = new Map<string, Running>();
  const ended = new Map<string, DependencyState>();
  const selectorStates = new Map<string, unknown>();
  const moments = new Set<number>();
  for (const plan of plans) {
    moments.add(plan.submitAt);
    if (plan.record.startsAt) moments.add((plan.record.startsAt.getTime() - SIMULATION_EPOCH) / 1000);
    if (timeout > 0) moments.add(plan.submitAt + timeout);
  }
  let passes = 0;
  for (;;) {
    const now = Math.min(...moments);
    if (!Number.isFinite(now)) break;
    moments.delete(now);
    for (const [id, run] of running) {
      if (run.endsAt === null || run.endsAt > now) continue;
      running.delete(id);
      ended.set(id, { id, name: id, status: 'TERMINATED', result: 'SUCCESS' });
      Object.assign(results.get(id)!, { state: 'finished', finishedAt: run.endsAt });
    }
    for (const plan of plans) if (plan.submitAt === now) pending.set(plan.record.id, plan.record);
    if (pending.size === 0) continue;
    passes++;
    const input: PassInput = {
      resourceGroup,
      now: new Date(SIMULATION_EPOCH + now * 1000),
      pending: [...pending.values()],
      existing: [...running.values()].map(holding),
      agents: withOccupancy(agents, running),
      limits,
      dependencies: dependencyStates(plans, running, ended),
      slotTypes: types,
      options: {
        pendingTimeoutMs: timeout * 1000,
        maxContainerCount: workload.options?.maxContainerCount || null,
        ...(workload.options?.schedulerConfig ? { schedulerConfig: workload.options.schedulerConfig } : {}),
      },
    };
    const planner = new PassPlanner({
      input,
      ...implementations,
      selectorStates: { get: (a) => selectorStates.get(a), set: (a, s) => void selectorStates.set(a, s) },
    });
    await drivePass(planner, {
      onOutcome: (outcome) => {
        const result = results.get(outcome.session.id)!;
        record(outcome, result, now, pending, running, ended, plans, moments);
        return 'continue';
      },
    });
  }
  const sessions = [...results.values()];
  return {
    resourceGroup,
    scheduler: implementations.policy.name,
    agentSelector: implementations.selector.name,
    passes,
    sessions,
    summary: summarize(sessions),
  };
}

function initial(plan: SessionPlan): SimulatedSession {
  return {
    id: plan.record.id,
    template: plan.template,
    priority: plan.record.priority,
    state: 'pending',
    submittedAt: plan.submitAt,
    startedAt: null,
    finishedAt: null,
    waitedSeconds: null,
    agents: [],
    reason: 'not submitted',
    attempts: 0,
  };
}

function record(
  outcome: SessionOutcome,
  result: SimulatedSession,
  now: number,
  pending: Map<string, SessionRecord>,
  running: Map<string, Running>,
  ended: Map<string, DependencyState>,
  plans: readonly SessionPlan[],
  moments: Set<number>,
): void {
  const { session } = outcome;
  switch (outcome.kind) {
    case 'placed': {
      const plan = plans.find((p) => p.record.id === session.id)!;
      const endsAt = plan.duration === null ? null : now + plan.duration;
      if (endsAt !== null) moments.add(endsAt);
      pending.delete(session.id);
      running.set(session.id, { plan, placements: outcome.placements, endsAt });
      Object.assign(result, {
        state: 'running',
        startedAt: now,
        waitedSeconds: now - result.submittedAt,
        agents: outcome.agentIds,
        reason: null,
        attempts: result.attempts + 1,
      });
      return;
    }
    case 'expired':
      pending.delete(session.id);
      ended.set(session.id, { id: session.id, name: session.id, status: 'CANCELLED', result: 'UNDEFINED' });
      Object.assign(result, { state: 'cancelled', reason: 'pending-timeout' });
      return;
    case 'held':
      result.reason = outcome.reason;
      return;
    case 'predicates-failed':
    case 'unplaced': {
      const reason =
        outcome.kind === 'unplaced'
          ? outcome.failure.reason
          : outcome.verdicts
              .filter((v) => !v.passed)
              .map((v) => `${v.name}: ${v.message}`)
              .join('; ');
      result.attempts += 1;
      result.reason = reason;
      if (outcome.kind === 'predicates-failed' && session.type === 'system') {
        pending.delete(session.id);
        Object.assign(result, { state: 'cancelled' });
        return;
      }
      // What the live loop records: policies such as fifo's num_retries_to_skip read it.
      pending.set(session.id, {
        ...session,
        statusData: { scheduler: { retries: result.attempts, msg: reason } },
      });
    }
  }
}

/** A running session as the pass sees sessions holding resources. */
function holding(run: Running): SessionRecord {
  const agentOf = new Map(run.placements.map((p) => [p.kernelId, p.agentId]));
  const session = run.plan.record;
  return {
    ...session,
    status: 'RUNNING',
    occupyingSlots: session.requestedSlots,
    kernels: session.kernels.map((k) => ({ ...k, status: 'RUNNING', agentId: agentOf.get(k.id) ?? null })),
  };
}

function withOccupancy(agents: readonly AgentRecord[], running: ReadonlyMap<string, Running>): AgentRecord[] {
  const used = new Map<string, ResourceSlot>();
  for (const run of running.values())
    for (const p of run.placements)
      used.set(p.agentId, (used.get(p.agentId) ?? new ResourceSlot()).add(ResourceSlot.fromJSON(p.slots)));
  return agents.map((agent) => ({
    ...agent,
    occupiedSlots: ResourceSlot.fromJSON(agent.occupiedSlots)
      .add(used.get(agent.id) ?? new ResourceSlot())
      .toJSON(),
  }));
}

function dependencyStates(
  plans: readonly SessionPlan[],
  running: ReadonlyMap<string, Running>,
  ended: ReadonlyMap<string, DependencyState>,
): Map<string, DependencyState> {
  const states = new Map<string, DependencyState>();
  for (const { record } of plans) {
    const status = ended.get(record.id) ?? {
      id: record.id,
      name: record.id,
      status: running.has(record.id) ? 'RUNNING' : 'PENDING',
      result: 'UNDEFINED',
    };
    states.set(record.id, status);
  }
  return states;
}

function summarize(sessions: readonly SimulatedSession[]): SimulationReport['summary'] {
  const waits = sessions.flatMap((s) => (s.waitedSeconds === null ? [] : [s.waitedSeconds]));
  const placed = sessions.filter((s) => s.startedAt !== null);
  return {
    sessions: sessions.length,
    placed: placed.length,
    pending: sessions.filter((s) => s.state === 'pending').length,
    cancelled: sessions.filter((s) => s.state === 'cancelled').length,
    meanWaitSeconds: waits.length
      ? Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10
      : null,
    maxWaitSeconds: waits.length ? Math.max(...waits) : null,
    makespanSeconds: Math.max(0, ...placed.map((s) => s.finishedAt ?? s.startedAt ?? 0)),
  };
}
