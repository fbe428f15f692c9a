import type {
  AgentSelector,
  Database,
  EventBus,
  Hook,
  LockService,
  Logger,
  NamedRegistry,
  Scheduler,
} from '@tessera/core';
import type { SessionStatusWriter } from '../sessions/session-status-writer';
import { implementationsFor, type ResourceGroupPolicy } from './group-policy';
import type { KernelLauncher } from './kernel-launcher';
import type { OutcomeRecorder } from './outcome-recorder';
import { drivePass } from './pass-driver';
import type { PassInputLoader } from './pass-input-loader';
import { PassPlanner } from './pass-planner';
import { PassWriter, type Decision, type PassTally } from './pass-writer';
import { predicateHook } from './predicate-hook';
import { scheduleLockName } from './schedule-lock';
import { SelectorStates } from './selector-states';

export type { ResourceGroupPolicy } from './group-policy';

export interface SchedulingPassOptions {
  db: Database;
  bus: EventBus;
  lock: LockService;
  schedulers: NamedRegistry<Scheduler>;
  selectors: NamedRegistry<AgentSelector>;
  hooks?: NamedRegistry<Hook>;
  /** Per resource group: which scheduler and selector to use (see `implementationsFor`). */
  policies: Readonly<Record<string, ResourceGroupPolicy | undefined>>;
  loader: PassInputLoader;
  recorder: OutcomeRecorder;
  launcher: KernelLauncher;
  writer: SessionStatusWriter;
  log: Logger;
  source: string;
  lockTimeoutMs: number;
  lockTtlMs: number;
  now?: () => Date;
}

export interface PassReport extends PassTally {
  resourceGroup: string;
  /** Set when the pass did not run because the group's lock stayed busy. */
  skipped?: 'lock-timeout';
  /** Milliseconds spent waiting for the lock, reading, deciding and writing, and starting kernels. */
  timings?: { lockMs: number; loadMs: number; decideMs: number; launchMs: number };
}

/**
 * One scheduling pass over one resource group, under the `schedule/<group>` lock: reads the
 * group's state, lets a `PassPlanner` decide session by session, and writes each decision as it
 * is made (allocations are committed atomically with the agent rows locked). Kernel creation is
 * requested after the lock is released.
 */
export class SchedulingPass {
  private readonly now: () => Date;

  constructor(private readonly options: SchedulingPassOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async run(resourceGroup: string): Promise<PassReport> {
    const report: PassReport = {
      resourceGroup,
      scheduled: [],
      unplaced: [],
      held: [],
      cancelled: [],
      rerun: false,
    };
    const { lock, lockTimeoutMs, lockTtlMs } = this.options;
    const began = Date.now();
    const handle = await lock.acquire(scheduleLockName(resourceGroup), {
      timeoutMs: lockTimeoutMs,
      ttlMs: lockTtlMs,
    });
    if (!handle) return { ...report, skipped: 'lock-timeout' };
    const timings = { lockMs: Date.now() - began, loadMs: 0, decideMs: 0, launchMs: 0 };
    let decisions: Decision[];
    try {
      decisions = await this.decide(resourceGroup, report, handle.lost, timings);
    } finally {
      await handle.release();
    }
    const launching = Date.now();
    await this.launch(resourceGroup, decisions);
    timings.launchMs = Date.now() - launching;
    return { ...report, timings };
  }

  private async decide(
    resourceGroup: string,
    report: PassReport,
    lost: AbortSignal,
    timings: NonNullable<PassReport['timings']>,
  ): Promise<Decision[]> {
    const { log } = this.options;
    const now = this.now();
    let mark = Date.now();
    const loaded = await this.options.loader.load(resourceGroup, now);
    timings.loadMs = Date.now() - mark;
    mark = Date.now();
    if (!loaded) return [];
    const { policy, selector } = implementationsFor(
      this.options.schedulers,
      this.options.selectors,
      this.options.policies[resourceGroup],
      loaded.group,
    );
    const selectorStates = new SelectorStates(selector, resourceGroup);
    await selectorStates.load(
      loaded.input.pending
        .filter((s) => s.resourceGroup === resourceGroup)
        .flatMap((s) => s.kernels.map((k) => k.architecture)),
    );
    const planner = new PassPlanner({ input: loaded.input, policy, selector, selectorStates });
    const writer = new PassWriter({
      db: this.options.db,
      recorder: this.options.recorder,
      log,
      resourceGroup,
      now,
      lost,
      agentOf: (id) => planner.view.agentOf(id),
    });
    const hook = predicateHook(this.options.hooks, log);
    try {
      await drivePass(planner, { ...(hook ? { predicateHook: hook } : {}), onOutcome: writer.onOutcome });
    } finally {
      await writer.settle(); // no commit may outlive the lock, whatever happened
    }
    await writer.finish();
    if (!lost.aborted) await selectorStates.save(log);
    Object.assign(report, writer.tally);
    timings.decideMs = Date.now() - mark;
    return writer.decisions;
  }

  private async launch(resourceGroup: string, decisions: Decision[]): Promise<void> {
    const { bus, writer, source, launcher } = this.options;
    for (const { session } of decisions) {
      await bus.publish('session_scheduled', { sessionId: session.id, resourceGroup }, source);
      await writer.announce(session.id, 'SCHEDULED', 'scheduled', 'scheduled');
    }
    const agents = new Map(decisions.flatMap((d) => d.agents).map((agent) => [agent.id, agent]));
    await Promise.all(decisions.map((d) => launcher.launch(d.session, d.placements, agents)));
  }
}
