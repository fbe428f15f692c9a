import {
  ResourceSlot,
  TesseraError,
  type AgentRecord,
  type AgentSelector,
  type Database,
  type EventBus,
  type KernelPlacement,
  type LockService,
  type Logger,
  type NamedRegistry,
  type Scheduler,
  type SessionRecord,
} from '@tessera/core';
import type { SessionStatusWriter } from '../sessions/session-status-writer';
import { RESOURCE_OCCUPYING_SESSION_STATUSES } from '../sessions/session-transitions';
import { ClusterView } from './cluster-view';
import type { KernelLauncher } from './kernel-launcher';
import { pickNamed } from './named-implementation';
import { planSingleNode, sessionArchitecture } from './placement';
import { topPriorityBand } from './priority-band';
import { scheduleLockName } from './schedule-lock';
import { SelectorStates } from './selector-states';

export interface ResourceGroupPolicy {
  scheduler?: string;
  agentSelector?: string;
}

export interface SchedulingPassOptions {
  db: Database;
  bus: EventBus;
  lock: LockService;
  schedulers: NamedRegistry<Scheduler>;
  selectors: NamedRegistry<AgentSelector>;
  /** Per resource group: which scheduler and selector to use (registry defaults otherwise). */
  policies: Readonly<Record<string, ResourceGroupPolicy | undefined>>;
  launcher: KernelLauncher;
  writer: SessionStatusWriter;
  log: Logger;
  source: string;
  lockTimeoutMs: number;
  lockTtlMs: number;
  now?: () => Date;
}

export interface PassReport {
  resourceGroup: string;
  scheduled: Array<{ sessionId: string; agentId: string }>;
  unplaced: Array<{ sessionId: string; reason: string }>;
  /** Another manager changed an agent under this pass: run again with fresh data. */
  rerun: boolean;
  /** Set when the pass did not run because the group's lock stayed busy. */
  skipped?: 'lock-timeout';
}

interface Decision {
  session: SessionRecord;
  agent: AgentRecord;
  placements: KernelPlacement[];
}

/**
 * One scheduling pass over one resource group, under the `schedule/<group>` lock: the group's
 * policy picks pending sessions one by one, each is placed on an agent (or recorded as not
 * fitting, staying PENDING with `no-available-instances`), and placements are committed
 * atomically. Kernel creation is requested after the lock is released.
 */
export class SchedulingPass {
  private readonly now: () => Date;

  constructor(private readonly options: SchedulingPassOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async run(resourceGroup: string): Promise<PassReport> {
    const report: PassReport = { resourceGroup, scheduled: [], unplaced: [], rerun: false };
    const { lock, lockTimeoutMs, lockTtlMs } = this.options;
    const handle = await lock.acquire(scheduleLockName(resourceGroup), {
      timeoutMs: lockTimeoutMs,
      ttlMs: lockTtlMs,
    });
    if (!handle) return { ...report, skipped: 'lock-timeout' };
    let decisions: Decision[];
    try {
      decisions = await this.decide(resourceGroup, report);
    } finally {
      await handle.release();
    }
    for (const { session } of decisions) {
      await this.options.bus.publish(
        'session_scheduled',
        { sessionId: session.id, resourceGroup },
        this.options.source,
      );
      await this.options.writer.announce(session.id, 'SCHEDULED', 'scheduled', 'scheduled');
    }
    const agents = new Map(decisions.map((d) => [d.agent.id, d.agent]));
    await Promise.all(decisions.map((d) => this.options.launcher.launch(d.session, d.placements, agents)));
    return report;
  }

  private async decide(resourceGroup: string, report: PassReport): Promise<Decision[]> {
    const { db, policies } = this.options;
    const pending = await db.sessions.listPending(resourceGroup);
    if (pending.length === 0) return [];
    const agents = await db.agents.listSchedulable(resourceGroup);
    const existing = (await db.sessions.listByStatus([...RESOURCE_OCCUPYING_SESSION_STATUSES])).filter(
      (session) => session.resourceGroup === resourceGroup,
    );
    const policy = pickNamed(this.options.schedulers, policies[resourceGroup]?.scheduler);
    const selector = pickNamed(this.options.selectors, policies[resourceGroup]?.agentSelector);
    const view = new ClusterView(agents);
    const queue = topPriorityBand(pending);
    const decisions: Decision[] = [];
    const totalCapacity = view.totalCapacity();
    const snapshot = () => ({ resourceGroup, pending: [...queue], existing, totalCapacity });
    let policyState = policy.beginPass?.(snapshot());
    const selectorStates = new SelectorStates(selector, resourceGroup);
    await selectorStates.load(queue.map(sessionArchitecture));

    while (queue.length > 0) {
      const pick = policy.pickSession(snapshot(), policyState);
      if (pick.kind === 'none') break;
      const index = queue.findIndex((session) => session.id === pick.sessionId);
      if (index === -1)
        throw TesseraError.internal(
          `scheduler "${policy.name}" picked ${pick.sessionId}, which is not pending`,
        );
      const session = queue.splice(index, 1)[0]!;

      const architecture = sessionArchitecture(session);
      const plan = planSingleNode(session, view.candidates(), selector, selectorStates.get(architecture));
      if (plan.kind === 'no-fit') {
        await this.recordNoFit(session, plan.reason);
        report.unplaced.push({ sessionId: session.id, reason: plan.reason });
        continue;
      }
      const outcome = await db.sessions.commitAllocation(session.id, plan.placements, this.now());
      if (!outcome.ok) {
        this.options.log.info('allocation not committed', {
          sessionId: session.id,
          reason: outcome.reason,
          agentId: outcome.agentId,
        });
        if (outcome.reason === 'agent-capacity-changed') {
          report.rerun = true;
          break;
        }
        continue;
      }
      view.reserve(
        plan.agentId,
        plan.placements.reduce((sum, p) => sum.add(ResourceSlot.fromJSON(p.slots)), new ResourceSlot()),
      );
      if (policy.onPlaced) policyState = policy.onPlaced(session, [plan.agentId], policyState);
      if (plan.selectorState !== undefined) selectorStates.set(architecture, plan.selectorState);
      decisions.push({
        session,
        agent: agents.find((a) => a.id === plan.agentId)!,
        placements: plan.placements,
      });
      report.scheduled.push({ sessionId: session.id, agentId: plan.agentId });
      this.options.log.info('session scheduled', {
        sessionId: session.id,
        agentId: plan.agentId,
        resourceGroup,
      });
    }
    await selectorStates.save(this.options.log);
    return decisions;
  }

  /** Stays PENDING; `status_data.scheduler` counts the attempts and says what was short. */
  private async recordNoFit(session: SessionRecord, reason: string): Promise<void> {
    const previous = session.statusData['scheduler'];
    const retries =
      typeof previous === 'object' && previous !== null
        ? Number((previous as Record<string, unknown>)['retries'] ?? 0)
        : 0;
    const now = this.now();
    await this.options.db.sessions.setSessionStatus(session.id, 'PENDING', {
      statusInfo: 'no-available-instances',
      statusData: {
        ...session.statusData,
        scheduler: {
          retries: (Number.isFinite(retries) ? retries : 0) + 1,
          last_try: now.toISOString(),
          msg: reason,
        },
      },
      at: now,
    });
    this.options.log.debug('session does not fit yet', { sessionId: session.id, reason });
  }
}
