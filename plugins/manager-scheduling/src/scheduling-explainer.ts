import { inject, injectable } from 'tsyringe';
import {
  AgentSelector,
  Hook,
  Logger,
  Scheduler,
  type NamedRegistry,
  type SessionRecord,
  AgentSelectorRegistry,
  SchedulerRegistry,
  HookRegistry,
} from '@tessera/core';
import {
  explainNotPending,
  explainPendingSession,
  implementationsFor,
  predicateHook,
  SelectorStates,
  type NotPendingExplanation,
  type SchedulingExplanation,
} from '@tessera/sokovan';
import { PassInputLoader } from './pass-input-loader';
import { SchedulingSettings } from './scheduling-settings';

/**
 * Answers `GET /session/:id/scheduling` and `ComputeSession.scheduling`: reads the group's state
 * as a pass would and explains the session (nothing is written or reserved).
 */
@injectable()
export class SchedulingExplainer {
  constructor(
    @inject(PassInputLoader) private readonly loader: PassInputLoader,
    @inject(SchedulerRegistry) private readonly schedulers: NamedRegistry<Scheduler>,
    @inject(AgentSelectorRegistry) private readonly selectors: NamedRegistry<AgentSelector>,
    @inject(SchedulingSettings) private readonly settings: SchedulingSettings,
    @inject(Logger) private readonly log: Logger,
    @inject(HookRegistry) private readonly hooks?: NamedRegistry<Hook>,
  ) {}

  async explain(session: SessionRecord): Promise<SchedulingExplanation | NotPendingExplanation> {
    const now = new Date();
    const loaded = session.status === 'PENDING' ? await this.loader.load(session.resourceGroup, now) : null;
    const pending = loaded?.input.pending.find((s) => s.id === session.id);
    if (!loaded || !pending) return explainNotPending(session);
    const { policy, selector } = implementationsFor(
      this.schedulers,
      this.selectors,
      this.settings.policies[session.resourceGroup],
      loaded.group,
    );
    const states = new SelectorStates(selector, session.resourceGroup);
    await states.load(pending.kernels.map((kernel) => kernel.architecture));
    const hook = predicateHook(this.hooks, this.log);
    const hookVerdict = hook ? await hook(pending) : null;
    return explainPendingSession(loaded.input, pending, policy, selector, states, hookVerdict);
  }
}
