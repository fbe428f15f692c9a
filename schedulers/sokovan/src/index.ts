// The planner: one pass over one resource group, decided from a snapshot (pass-input.ts).
export { NO_LIMITS, type DependencyState, type GroupOptions, type PassInput } from './pass-input';
export { PassPlanner, type PlannerParts, type PlannerStep } from './pass-planner';
export { drivePass, type PassCallbacks } from './pass-driver';
export type { OutcomeAnswer, SessionOutcome } from './pass-outcome';
export { priorityBands } from './priority-band';
export { OwnerUsage } from './owner-usage';
export { requirementsOf, type Requirement } from './requirement';
// Placement: agent filters, the view of the group's agents, the selector's pick.
export { ClusterView, containerCounts } from './cluster-view';
export { filterAgents, type AgentFilterName, type AgentRejection } from './agent-filters';
export { placeSession, type PlacementResult, type SelectorStateAccess } from './placement';
export type { PlacementFailure } from './placement-failure';
export { SelectorStates } from './selector-states';
// Predicates and the quota rules they share with the enqueue checks.
export { BUILTIN_PREDICATES, checkPredicates } from './predicates/builtin-predicates';
export type { PredicateContext, PredicateVerdict } from './predicates/predicate';
export { predicateHook } from './predicate-hook';
export { pendingCountViolation, pendingResourcesViolation } from './pending-quota';
// A resource group's policy, selector and options; the lock that serialises its passes.
export { implementationsFor, type GroupImplementations, type ResourceGroupPolicy } from './group-policy';
export { groupOptions, MAX_CONTAINER_COUNT_KEY } from './group-options';
export { scheduleLockName } from './schedule-lock';
// What a pass asks the agents to start.
export { kernelCreationSpecs } from './kernel-creation-specs';
// Why a session waits.
export {
  explainNotPending,
  explainPendingSession,
  type NotPendingExplanation,
  type SchedulingExplanation,
} from './scheduling-explanation';
export { maskAgentIds } from './agent-masking';
// Simulation: a workload replayed through the planner.
export { parseWorkload, type Workload } from './simulation/workload';
export {
  simulateWorkload,
  type SimulatedSession,
  type SimulationReport,
} from './simulation/simulate-workload';
