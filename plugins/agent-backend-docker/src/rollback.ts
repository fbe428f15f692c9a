import type { Logger } from '@tessera/core';

/**
 * The undo steps of a creation that is under way, run in reverse order when it fails, so a failed
 * create leaves no container, network, port or scratch directory behind. An undo step that fails
 * is logged and the others still run.
 */
export class Rollback {
  private readonly steps: Array<{ what: string; undo: () => Promise<void> | void }> = [];

  constructor(private readonly log: Logger) {}

  add(what: string, undo: () => Promise<void> | void): void {
    this.steps.push({ what, undo });
  }

  async run(): Promise<void> {
    for (const { what, undo } of this.steps.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        this.log.warn('cleaning up after a failed kernel creation failed', {
          step: what,
          error: (error as Error).message,
        });
      }
    }
  }
}
