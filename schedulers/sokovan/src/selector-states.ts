import type { AgentSelector, Logger } from '@tessera/core';

/**
 * The agent selector's state (a round-robin cursor) per architecture during one pass over one
 * resource group: loaded before the first pick, replaced by each committed selection, and saved
 * at the end of the pass while the group's schedule lock is still held. Stateless selectors
 * make this a no-op.
 */
export class SelectorStates {
  private readonly states = new Map<string, unknown>();
  private readonly changed = new Set<string>();

  constructor(
    private readonly selector: AgentSelector,
    private readonly resourceGroup: string,
  ) {}

  async load(architectures: Iterable<string>): Promise<void> {
    const { loadState } = this.selector;
    if (!loadState) return;
    for (const architecture of new Set(architectures)) {
      if (this.states.has(architecture)) continue;
      const state = await loadState.call(this.selector, { resourceGroup: this.resourceGroup, architecture });
      this.states.set(architecture, state);
    }
  }

  get(architecture: string): unknown {
    return this.states.get(architecture);
  }

  /** Records the state of a selection that was committed. */
  set(architecture: string, state: unknown): void {
    this.states.set(architecture, state);
    this.changed.add(architecture);
  }

  /**
   * Saves the changed states. A failure is logged, not thrown: the allocations are committed
   * already, and a lost cursor only makes the next pass start its rotation over.
   */
  async save(log: Logger): Promise<void> {
    const { saveState } = this.selector;
    if (!saveState) return;
    for (const architecture of this.changed) {
      const scope = { resourceGroup: this.resourceGroup, architecture };
      try {
        await saveState.call(this.selector, scope, this.states.get(architecture));
      } catch (error) {
        log.warn('agent selector state not saved', {
          selector: this.selector.name,
          ...scope,
          error: String(error),
        });
      }
    }
    this.changed.clear();
  }
}
