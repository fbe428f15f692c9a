import {
  TesseraError,
  terminalSizeProblem,
  type AgentBackend,
  type KernelTerminal,
  type Logger,
  type TerminalSize,
} from '@tessera/core';
import { AgentErrors } from '../agent-errors';
import { HeldTerminal } from './held-terminal';

/** Terminals one kernel may have open at once. */
export const MAX_TERMINALS_PER_KERNEL = 16;

/**
 * The terminals this agent has open, by kernel. A terminal leaves when its shell ends; `closeAll`
 * ends a kernel's terminals when the kernel goes (destroyed or exited), so no shell outlives it
 * on a backend where it could.
 */
export class KernelTerminals {
  private readonly open = new Map<string, Set<HeldTerminal>>();

  constructor(
    private readonly backend: AgentBackend,
    private readonly log: Logger,
  ) {}

  /**
   * Opens a shell on a pty in the kernel through the backend: `not-supported` when the backend has
   * no terminals, `invalid-api-params` for a size out of bounds or when the kernel has
   * MAX_TERMINALS_PER_KERNEL open already.
   * `stillRunning` is asked again once the shell is open, as the kernel may have gone meanwhile.
   */
  async openFor(kernelId: string, size: TerminalSize, stillRunning: () => boolean): Promise<KernelTerminal> {
    if (!this.backend.openTerminal || !this.backend.capabilities().pty)
      throw AgentErrors.notSupported(this.backend.name, 'terminals');
    const problem = terminalSizeProblem(size);
    if (problem)
      throw TesseraError.badRequest('invalid-api-params', `Invalid terminal size: ${problem}`, { size });
    const held = this.open.get(kernelId) ?? new Set<HeldTerminal>();
    if (held.size >= MAX_TERMINALS_PER_KERNEL)
      throw TesseraError.badRequest(
        'invalid-api-params',
        `The kernel has ${MAX_TERMINALS_PER_KERNEL} terminals open already; close one first`,
        { kernelId, limit: MAX_TERMINALS_PER_KERNEL },
      );
    const terminal = new HeldTerminal(
      await this.backend.openTerminal(kernelId, { rows: size.rows, cols: size.cols }),
    );
    if (!stillRunning()) {
      await terminal.close();
      throw new TesseraError('kernel-not-running', 'The kernel ended while its terminal was opening', {
        kernelId,
      });
    }
    held.add(terminal);
    this.open.set(kernelId, held);
    this.log.info('terminal opened', { kernelId, terminals: held.size });
    void terminal.exited.then((exitCode) => {
      held.delete(terminal);
      if (held.size === 0 && this.open.get(kernelId) === held) this.open.delete(kernelId);
      this.log.info('terminal closed', { kernelId, exitCode });
    });
    return terminal;
  }

  /** How many terminals the kernel has open. */
  count(kernelId: string): number {
    return this.open.get(kernelId)?.size ?? 0;
  }

  /** Ends every terminal of a kernel that is going away. */
  async closeAll(kernelId: string): Promise<void> {
    const held = this.open.get(kernelId);
    if (!held) return;
    this.open.delete(kernelId);
    await Promise.all(
      [...held].map((terminal) =>
        terminal.close().catch((error: unknown) =>
          this.log.warn('closing a terminal of an ended kernel failed', {
            kernelId,
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      ),
    );
  }
}
