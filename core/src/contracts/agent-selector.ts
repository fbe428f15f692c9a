import type { AgentRecord } from './database';
import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

export interface KernelRequest {
  kernelId: string;
  architecture: string;
  /** Requested amounts (decimal strings); a slot the kernel does not use is absent or "0". */
  slots: Record<string, string>;
}

/** One agent the filters kept, with its remaining capacity after earlier placements in the pass. */
export interface AgentCandidate {
  agent: AgentRecord;
  remaining: Record<string, string>;
}

/** Where a selector's state lives: one resource group and one architecture. */
export interface SelectionScope {
  resourceGroup: string;
  architecture: string;
}

/** `state`, when present, replaces the selector's state for the next selection in the scope. */
export type SelectResult<State = unknown> =
  { kind: 'selected'; agentId: string; state?: State } | { kind: 'none'; reason: string };

/**
 * agent-selector/v1: chooses an agent for one kernel (or one single-node session) among
 * candidates that already passed the loop's filters (ALIVE, schedulable, architecture, container
 * count, enough remaining slots, designated agent). It answers `none` only when it has no
 * candidate.
 *
 * `select` is pure and deterministic: no I/O, no clock, no randomness, inputs never mutated; ties
 * go to the first candidate in input order (unless the selector documents its own order, as
 * round-robin orders by agent id). A selector that needs memory across passes (a round-robin
 * cursor) keeps it as a value: the loop calls `loadState` once per scope and pass before the
 * first selection there, hands the state to `select`, keeps the `state` of each selection it
 * committed, and calls `saveState` with the last one while still holding the group's schedule
 * lock. Selectors without state leave both out and receive `undefined`.
 */
export interface AgentSelector<State = unknown> {
  readonly name: string;
  /** Reads the persisted state of a scope (its initial state when none was saved). */
  loadState?(scope: SelectionScope): Promise<State>;
  select(request: KernelRequest, candidates: readonly AgentCandidate[], state: State): SelectResult<State>;
  /** Persists a scope's state; idempotent. */
  saveState?(scope: SelectionScope, state: State): Promise<void>;
}

export const AgentSelectorRegistry = contractToken<NamedRegistry<AgentSelector>>('agent-selector');
