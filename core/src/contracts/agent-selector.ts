import type { AgentRecord } from './database';
import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

export interface KernelRequest {
  kernelId: string;
  architecture: string;
  slots: Record<string, string>;
}

/** One agent the filters kept, with its remaining capacity after earlier placements in the pass. */
export interface AgentCandidate {
  agent: AgentRecord;
  remaining: Record<string, string>;
}

export type SelectResult = { kind: 'selected'; agentId: string } | { kind: 'none'; reason: string };

/**
 * agent-selector/v1: chooses an agent for one kernel among candidates that already passed the
 * loop's filters (status, architecture, capacity). Pure and deterministic; ties go to the first
 * candidate in input order.
 */
export interface AgentSelector {
  readonly name: string;
  select(request: KernelRequest, candidates: readonly AgentCandidate[]): SelectResult;
}

export const AgentSelector = contractToken<NamedRegistry<AgentSelector>>('agent-selector');
