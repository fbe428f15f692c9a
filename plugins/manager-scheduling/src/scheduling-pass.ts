import { inject, injectable } from 'tsyringe';
import {
  AgentSelector,
  Database,
  EventBus,
  Hook,
  LockService,
  Logger,
  Scheduler,
  type NamedRegistry,
  AgentSelectorRegistry,
  SchedulerRegistry,
  HookRegistry,
} from '@tessera/core';
import { SessionStatusWriter } from '@tessera/manager-sessions';
import {
  drivePass,
  implementationsFor,
  PassPlanner,
  predicateHook,
  scheduleLockName,
  SelectorStates,
} from '@tessera/sokovan';
import { KernelLauncher } from './kernel-launcher';
import { OutcomeRecorder } from './outcome-recorder';
import { PassInputLoader } from './pass-input-loader';
import { PassWriter, type Decision, type PassTally } from './pass-writer';
import { PassGroup, SchedulingSettings } from './scheduling-settings';

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
 * requested after the lock is released. Made afresh for every pass, in a container of its own
 * (`PassGroup` names the group), so nothing of one pass (its writer, the selector's state, the
 * planner's view) reaches the next.
 */
@injectable()
export class SchedulingPass {
  constructor(
    @inject(PassGroup) private readonly resourceGroup: string,
    @inject(Database) private readonly db: Database,
    @inject(EventBus) private readonly bus: EventBus,
    @inject(LockService) private readonly lock: LockService,
    @inject(SchedulerRegistry) private readonly schedulers: NamedRegistry<Scheduler>,
    @inject(AgentSelectorRegistry) private readonly selectors: NamedRegistry<AgentSelector>,
    @inject(PassInputLoader) private readonly loader: PassInputLoader,
    @inject(OutcomeRecorder) private readonly recorder: OutcomeRecorder,
    @inject(KernelLauncher) private readonly launcher: KernelLauncher,
    @inject(SessionStatusWriter) private readonly writer: SessionStatusWriter,
    @inject(Logger) private readonly log: Logger,
    @inject(SchedulingSettings) private readonly settings: SchedulingSettings,
    @inject(HookRegistry) private readonly hooks?: NamedRegistry<Hook>,
  ) {}

  async run(): Promise<PassReport> {
    const { resourceGroup } = this;
    const report: PassReport = {
      resourceGroup,
      scheduled: [],
      unplaced: [],
      held: [],
      cancelled: [],
      rerun: false,
    };
    const began = Date.now();
    const handle = await this.lock.acquire(scheduleLockName(resourceGroup), {
      timeoutMs: this.settings.lockTimeoutMs,
      ttlMs: this.settings.lockTtlMs,
    });
    if (!handle) return { ...report, skipped: 'lock-timeout' };
    const timings = { lockMs: Date.now() - began, loadMs: 0, decideMs: 0, launchMs: 0 };
    let decisions: Decision[];
    try {
      decisions = await this.decide(report, handle.lost, timings);
    } finally {
      await handle.release();
    }
    const launching = Date.now();
    await this.launch(decisions);
    timings.launchMs = Date.now() - launching;
    return { ...report, timings };
  }

  private async decide(
    report: PassReport,
    lost: AbortSignal,
    timings: NonNullable<PassReport['timings']>,
  ): Promise<Decision[]> {
    const { log, resourceGroup } = this;
    const now = new Date();
    let mark = Date.now();
    const loaded = await this.loader.load(resourceGroup, now);
    timings.loadMs = Date.now() - mark;
    mark = Date.now();
    if (!loaded) return [];
    const { policy, selector } = implementationsFor(
      this.schedulers,
      this.selectors,
      this.settings.policies[resourceGroup],
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
      db: this.db,
      recorder: this.recorder,
      log,
      resourceGroup,
      now,
      lost,
      agentOf: (id) => planner.view.agentOf(id),
    });
    const hook = predicateHook(this.hooks, log);
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

  private async launch(decisions: Decision[]): Promise<void> {
    const { resourceGroup } = this;
    for (const { session } of decisions) {
      await this.bus.publish(
        'session_scheduled',
        { sessionId: session.id, resourceGroup },
        this.settings.source,
      );
      await this.writer.announce(session.id, 'SCHEDULED', 'scheduled', 'scheduled');
    }
    const agents = new Map(decisions.flatMap((d) => d.agents).map((agent) => [agent.id, agent]));
    await Promise.all(decisions.map((d) => this.launcher.launch(d.session, d.placements, agents)));
  }
}
