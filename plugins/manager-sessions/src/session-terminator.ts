import { inject, injectable } from 'tsyringe';
import {
  AgentRpcDirectory,
  Database,
  EventBus,
  LockService,
  Logger,
  KERNEL_TERMINAL_STATUSES,
  SESSION_TERMINAL_STATUSES,
  TesseraError,
  type KernelRecord,
  type SessionRecord,
} from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';
import { scheduleLockName } from '@tessera/sokovan';
import { cancelPendingSession } from './pending-cancellation';
import { SessionErrors } from './session-errors';
import { SessionSettings } from './session-settings';
import { SessionStatusWatch } from './session-status-watch';
import { SessionStatusWriter } from './session-status-writer';
import { syncSessionStatus } from './session-status-sync';

/**
 * Terminates sessions. A PENDING session holds nothing and is cancelled on the spot (under the
 * resource group's schedule lock, so no pass allocates it meanwhile). Otherwise the session goes
 * TERMINATING, its agents destroy the kernels, and the wait ends when the kernel_terminated events
 * have made it TERMINATED (or the bounded wait runs out: termination continues in the background).
 */
@injectable()
export class SessionTerminator {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(LockService) private readonly lock: LockService,
    @inject(AgentRpcDirectory) private readonly agents: AgentRpcDirectory,
    @inject(SessionStatusWriter) private readonly writer: SessionStatusWriter,
    @inject(SessionStatusWatch) private readonly watch: SessionStatusWatch,
    @inject(Logger) private readonly log: Logger,
    @inject(SessionSettings) private readonly settings: SessionSettings,
    @inject(EventBus) private readonly bus: EventBus,
  ) {}

  async terminate(session: SessionRecord, reason = 'user-requested'): Promise<void> {
    if (SESSION_TERMINAL_STATUSES.has(session.status)) return;
    let current: SessionRecord | null = session;
    if (current.status === 'PENDING') {
      current = await this.cancelIfPending(current, reason);
      if (!current) return;
    }
    await this.destroyKernels(current, reason);
    const waited = await this.watch.waitFor(
      current.id,
      (status) => SESSION_TERMINAL_STATUSES.has(status),
      this.settings.terminateTimeoutMs,
    );
    if (!waited.reached) {
      this.log.info('session termination continues after the wait', {
        sessionId: current.id,
        status: waited.session?.status,
      });
    }
  }

  /** Cancels the session if still PENDING; returns the fresh record when it was scheduled meanwhile. */
  private async cancelIfPending(session: SessionRecord, reason: string): Promise<SessionRecord | null> {
    const { db, lock, writer } = this;
    const handle = await lock.acquire(scheduleLockName(session.resourceGroup), {
      timeoutMs: 10_000,
      ttlMs: 30_000,
    });
    if (!handle) throw ManagerErrors.busy(`scheduling of resource group "${session.resourceGroup}"`);
    try {
      const fresh = await db.sessions.get(session.id);
      if (!fresh || SESSION_TERMINAL_STATUSES.has(fresh.status)) return null;
      if (fresh.status !== 'PENDING') return fresh;
      await cancelPendingSession(writer, fresh, reason);
      this.log.info('pending session cancelled', { sessionId: fresh.id, reason });
      return null;
    } finally {
      await handle.release();
    }
  }

  /**
   * Destroys what is left of a session one of whose kernels ended (a batch task finished, a
   * kernel of a cluster exited or failed to start): a session lives and ends as a whole. Failures
   * are logged; the kernels' own events finish the session.
   */
  async endRemainingKernels(sessionId: string, reason: string): Promise<void> {
    const session = await this.db.sessions.get(sessionId);
    if (!session) return;
    try {
      await this.destroyEach(session, reason);
    } catch (error) {
      this.log.warn('remaining kernels not destroyed', { sessionId, reason, error: String(error) });
    }
  }

  private async destroyKernels(session: SessionRecord, reason: string): Promise<void> {
    await this.writer.moveSession(session, 'TERMINATING', { statusInfo: reason, reason });
    await this.destroyEach(session, reason);
  }

  /** Asks the agents to destroy every live kernel; throws the first agent failure after trying all. */
  private async destroyEach(session: SessionRecord, reason: string): Promise<void> {
    const { writer, agents, log } = this;
    const failures: TesseraError[] = [];
    const unplaced: KernelRecord[] = [];
    for (const kernel of session.kernels) {
      if (KERNEL_TERMINAL_STATUSES.has(kernel.status)) continue;
      if (!kernel.agentAddress) {
        unplaced.push(kernel);
        continue;
      }
      if (kernel.status !== 'TERMINATING')
        await writer.setKernel(kernel, 'TERMINATING', { statusInfo: reason }, [kernel.status]);
      try {
        const outcome = await agents.connect(kernel.agentAddress).destroyKernel(kernel.id, reason);
        // The agent no longer has it (it ended unreported, or the agent restarted without it): it
        // reports nothing, so the end is announced here, and the kernel lifecycle applies it.
        if (outcome === 'not-found') {
          log.info('agent no longer had the kernel; it is terminated', {
            sessionId: session.id,
            kernelId: kernel.id,
            agentId: kernel.agentId,
          });
          await this.bus.publish(
            'kernel_terminated',
            { kernelId: kernel.id, sessionId: session.id, reason, exitCode: null },
            this.settings.source,
          );
        }
      } catch (error) {
        log.warn('agent failed to destroy a kernel', {
          sessionId: session.id,
          kernelId: kernel.id,
          agentId: kernel.agentId,
          error: String(error),
        });
        failures.push(
          error instanceof TesseraError
            ? error
            : SessionErrors.agentError(kernel.agentId, 'destroy the kernel', error),
        );
      }
    }
    if (unplaced.length > 0) await this.cancelUnplaced(session, unplaced, reason);
    if (failures.length > 0) throw failures[0]!;
  }

  /** Kernels that never reached an agent have nothing to destroy. */
  private async cancelUnplaced(
    session: SessionRecord,
    kernels: KernelRecord[],
    reason: string,
  ): Promise<void> {
    const { db, writer } = this;
    for (const kernel of kernels)
      await writer.setKernel(kernel, 'CANCELLED', { statusInfo: reason }, [kernel.status]);
    const fresh = await db.sessions.get(session.id);
    if (fresh)
      await syncSessionStatus(
        writer,
        fresh,
        fresh.kernels.map((k) => k.status),
        { reason },
      );
  }
}
