import type { AgentSelector, Hook, Logger, NamedRegistry, Scheduler, SessionRecord } from '@tessera/core';
import { implementationsFor, type ResourceGroupPolicy } from './group-policy';
import type { PassInputLoader } from './pass-input-loader';
import { predicateHook } from './predicate-hook';
import { explainPendingSession, type SchedulingExplanation } from './scheduling-explanation';
import { SelectorStates } from './selector-states';

/** The answer for a session that is not (or no longer) pending. */
export interface NotPendingExplanation {
  sessionId: string;
  sessionName: string;
  status: string;
  statusInfo: string | null;
  pending: false;
  scheduledAt: string | null;
  agentIds: string[];
}

export interface SchedulingExplainerOptions {
  loader: PassInputLoader;
  schedulers: NamedRegistry<Scheduler>;
  selectors: NamedRegistry<AgentSelector>;
  hooks?: NamedRegistry<Hook>;
  policies: Readonly<Record<string, ResourceGroupPolicy | undefined>>;
  log: Logger;
  now?: () => Date;
}

/** Answers `GET /session/:id/scheduling`: reads the group's state and explains the session. */
export class SchedulingExplainer {
  constructor(private readonly options: SchedulingExplainerOptions) {}

  async explain(session: SessionRecord): Promise<SchedulingExplanation | NotPendingExplanation> {
    const now = this.options.now?.() ?? new Date();
    const loaded =
      session.status === 'PENDING' ? await this.options.loader.load(session.resourceGroup, now) : null;
    const pending = loaded?.input.pending.find((s) => s.id === session.id);
    if (!loaded || !pending) return notPending(session);
    const { policy, selector } = implementationsFor(
      this.options.schedulers,
      this.options.selectors,
      this.options.policies[session.resourceGroup],
      loaded.group,
    );
    const states = new SelectorStates(selector, session.resourceGroup);
    await states.load(pending.kernels.map((kernel) => kernel.architecture));
    const hook = predicateHook(this.options.hooks, this.options.log);
    const hookVerdict = hook ? await hook(pending) : null;
    return explainPendingSession(loaded.input, pending, policy, selector, states, hookVerdict);
  }
}

function notPending(session: SessionRecord): NotPendingExplanation {
  return {
    sessionId: session.id,
    sessionName: session.name,
    status: session.status,
    statusInfo: session.statusInfo,
    pending: false,
    scheduledAt: session.statusHistory['SCHEDULED'] ?? null,
    agentIds: [...new Set(session.kernels.map((k) => k.agentId).filter((id): id is string => id !== null))],
  };
}
