import type {
  AgentCandidate,
  AgentSelector,
  KernelRequest,
  SelectionScope,
  SelectResult,
} from '@tessera/core';
import { FRESH_CURSOR, type CursorStore, type RoundRobinCursor } from './round-robin-cursor';

/**
 * Backend.AI's `roundrobin` strategy: rotates over the candidates ordered by agent id, per
 * resource group and architecture. It takes the first candidate whose id comes after the agent
 * chosen last (wrapping around), so agents that do not fit this time are skipped and the
 * rotation continues where it was. Selection is pure: the cursor comes in as state and the next
 * one goes out in the result; `loadState`/`saveState` keep it in a {@link CursorStore} between
 * passes.
 */
export class RoundRobinSelector implements AgentSelector<RoundRobinCursor> {
  readonly name = 'roundrobin';

  /** `cursors` gives the store the cursors are kept in; it is asked on every load and save. */
  constructor(private readonly cursors: () => CursorStore) {}

  loadState(scope: SelectionScope): Promise<RoundRobinCursor> {
    return this.cursors().load(scope);
  }

  select(
    _request: KernelRequest,
    candidates: readonly AgentCandidate[],
    state: RoundRobinCursor = FRESH_CURSOR,
  ): SelectResult<RoundRobinCursor> {
    const ids = candidates.map((candidate) => candidate.agent.id).sort(byCodeUnits);
    const last = state.lastAgentId;
    const next = (last === null ? undefined : ids.find((id) => id > last)) ?? ids[0];
    if (next === undefined) return { kind: 'none', reason: 'no candidate agents to choose from' };
    return { kind: 'selected', agentId: next, state: { lastAgentId: next } };
  }

  saveState(scope: SelectionScope, state: RoundRobinCursor): Promise<void> {
    return this.cursors().save(scope, state);
  }
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
