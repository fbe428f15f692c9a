import type { AgentSelector, NamedRegistry, ResourceGroupRecord, Scheduler } from '@tessera/core';
import { pickNamed } from './named-implementation';

/** What the manager's config says for one resource group (`scheduler.resourceGroups.<name>`). */
export interface ResourceGroupPolicy {
  scheduler?: string;
  agentSelector?: string;
}

export interface GroupImplementations {
  policy: Scheduler;
  selector: AgentSelector;
}

/**
 * The policy and selector of a resource group: the manager's config for the group first, then
 * what the group's row names (`scheduler`, `scheduler_opts.agent_selection_strategy`) when that
 * implementation is loaded, then the deployment's defaults.
 */
export function implementationsFor(
  schedulers: NamedRegistry<Scheduler>,
  selectors: NamedRegistry<AgentSelector>,
  configured: ResourceGroupPolicy | undefined,
  group: ResourceGroupRecord | null,
): GroupImplementations {
  const loaded = <T>(registry: NamedRegistry<T>, name: unknown): string | undefined =>
    typeof name === 'string' && registry.get(name) !== undefined ? name : undefined;
  return {
    policy: pickNamed(schedulers, configured?.scheduler ?? loaded(schedulers, group?.scheduler)),
    selector: pickNamed(
      selectors,
      configured?.agentSelector ?? loaded(selectors, group?.schedulerOpts['agent_selection_strategy']),
    ),
  };
}
