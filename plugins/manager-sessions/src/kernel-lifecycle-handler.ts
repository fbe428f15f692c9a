import { inject, injectable } from 'tsyringe';
import {
  Database,
  KERNEL_TERMINAL_STATUSES,
  Logger,
  type EventPayloads,
  type KernelStatus,
} from '@tessera/core';
import { KeyedSerialQueue } from './keyed-serial-queue';
import { mainKernel } from './session-lookup';
import { SessionStatusWriter } from './session-status-writer';
import { syncSessionStatus, type KernelCause } from './session-status-sync';
import { SessionTerminator } from './session-terminator';
import { canKernelTransition } from './session-transitions';
import { SlotsReleased } from './slots-released';

type KernelUpdate = Omit<Parameters<Database['sessions']['setKernelStatus']>[2], 'at'>;

/**
 * Reasons of a kernel_terminated that mean the kernel failed rather than ended: it never started
 * (`failed-to-start`), or the kernel was killed for passing its memory limit (`out-of-memory`, which
 * an agent reports for a kernel that ended by itself). The kernel and its session end in ERROR with
 * the reason as status_info; any other reason ends them TERMINATED.
 */
export const KERNEL_FAILURE_REASONS: ReadonlySet<string> = new Set(['failed-to-start', 'out-of-memory']);

/**
 * Applies the agents' kernel_* events: moves the kernel (never backwards), returns its slots to
 * the agent when it is gone (exactly once: the database ignores a second release), and derives
 * the session's status from its kernels. Events of one session are applied one at a time.
 */
@injectable()
export class KernelLifecycleHandler {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SessionStatusWriter) private readonly writer: SessionStatusWriter,
    @inject(KeyedSerialQueue) private readonly queue: KeyedSerialQueue,
    @inject(Logger) private readonly log: Logger,
    /** Told when a kernel gave its slots back (the scheduling loop listens). */
    @inject(SlotsReleased) private readonly slotsReleased: SlotsReleased,
    /** Ends the rest of a session one of whose kernels ended: a session lives and ends as a whole. */
    @inject(SessionTerminator) private readonly terminator: SessionTerminator,
  ) {}

  preparing(event: EventPayloads['kernel_preparing']): Promise<void> {
    return this.apply(event.sessionId, event.kernelId, ['PREPARING']);
  }

  pulling(event: EventPayloads['kernel_pulling']): Promise<void> {
    return this.apply(event.sessionId, event.kernelId, ['PULLING']);
  }

  /** The agent has the image and the devices: the kernel was PREPARED on its way to CREATING. */
  creating(event: EventPayloads['kernel_creating']): Promise<void> {
    return this.apply(event.sessionId, event.kernelId, ['PREPARED', 'CREATING']);
  }

  /** An image the agent was pulling arrived: its kernels waiting in PULLING are PREPARED. */
  async imagePulled(event: EventPayloads['image_pull_finished']): Promise<void> {
    const sessions = await this.db.sessions.listByStatus(['SCHEDULED', 'PREPARING', 'PULLING']);
    for (const session of sessions) {
      for (const kernel of session.kernels) {
        if (kernel.agentId === event.agentId && kernel.image === event.image && kernel.status === 'PULLING')
          await this.apply(session.id, kernel.id, ['PREPARED']);
      }
    }
  }

  started(event: EventPayloads['kernel_started']): Promise<void> {
    const { kernelId, containerId, servicePorts, deviceAllocation, kernelHost } = event.info;
    return this.apply(event.sessionId, kernelId, ['RUNNING'], {
      statusInfo: null,
      containerId,
      servicePorts,
      deviceAllocation,
      ...(kernelHost ? { kernelHost } : {}),
    });
  }

  terminating(event: EventPayloads['kernel_terminating']): Promise<void> {
    return this.apply(
      event.sessionId,
      event.kernelId,
      ['TERMINATING'],
      { statusInfo: event.reason },
      { reason: event.reason },
    );
  }

  terminated(event: EventPayloads['kernel_terminated']): Promise<void> {
    const status: KernelStatus = KERNEL_FAILURE_REASONS.has(event.reason) ? 'ERROR' : 'TERMINATED';
    return this.apply(
      event.sessionId,
      event.kernelId,
      [status],
      { statusInfo: event.reason, exitCode: event.exitCode },
      { reason: event.reason, exitCode: event.exitCode },
    );
  }

  /**
   * The kernel's agent no longer has it (the agent restarted without it, or stopped listing it in
   * its heartbeats): a kernel that was being terminated is TERMINATED, any other ends in ERROR;
   * either way its slots go back and its siblings are ended, as when the agent reports the end.
   */
  lost(kernel: { sessionId: string; kernelId: string; status: KernelStatus }, reason: string): Promise<void> {
    const status: KernelStatus = kernel.status === 'TERMINATING' ? 'TERMINATED' : 'ERROR';
    return this.apply(
      kernel.sessionId,
      kernel.kernelId,
      [status],
      { statusInfo: reason, exitCode: null },
      { reason, exitCode: null },
    );
  }

  cancelled(event: EventPayloads['kernel_cancelled']): Promise<void> {
    return this.apply(
      event.sessionId,
      event.kernelId,
      ['CANCELLED'],
      { statusInfo: event.reason },
      { reason: event.reason },
    );
  }

  /**
   * Moves the kernel through `steps` (each one only if it is a move forward), then the session.
   * Another manager may apply an event of the same session at the same time: each kernel write is
   * a compare-and-set on the status read, and a lost race re-reads and decides again.
   */
  private apply(
    sessionId: string,
    kernelId: string,
    steps: KernelStatus[],
    update: KernelUpdate = {},
    cause: KernelCause = {},
  ): Promise<void> {
    const { db, writer, queue, log } = this;
    return queue.run(sessionId, async () => {
      let session = await db.sessions.get(sessionId);
      let kernel = session?.kernels.find((k) => k.id === kernelId);
      if (!session || !kernel) {
        log.warn('kernel event for an unknown kernel ignored', { sessionId, kernelId, steps });
        return;
      }
      const status = steps[steps.length - 1]!;
      const before = kernel.status;
      let reached = false;
      for (const step of steps) {
        let wrote = false;
        for (let attempt = 0; attempt < 3 && canKernelTransition(kernel.status, step); attempt++) {
          const expect = [kernel.status];
          if (await writer.setKernel(kernel, step, step === status ? update : {}, expect)) {
            reached = step === status;
            wrote = true;
            break;
          }
          session = (await db.sessions.get(sessionId)) ?? session;
          kernel = session.kernels.find((k) => k.id === kernelId) ?? kernel;
        }
        if (wrote && session.kernels.length === 1) {
          // No sibling can have moved meanwhile: the session's kernels are what was just written.
          kernel = { ...kernel, status: step };
          session = { ...session, kernels: [kernel] };
        } else {
          session = (await db.sessions.get(sessionId)) ?? session;
          kernel = session.kernels.find((k) => k.id === kernelId) ?? kernel;
        }
        const main = mainKernel(session);
        const mainExitCode = main?.id === kernelId ? cause.exitCode : main?.exitCode;
        const sessionStatus = await syncSessionStatus(
          writer,
          session,
          session.kernels.map((k) => k.status),
          { ...cause, mainExitCode },
        );
        session = { ...session, status: sessionStatus };
      }
      if (!reached)
        log.debug('stale kernel event ignored', { sessionId, kernelId, from: before, to: status });
      if (KERNEL_TERMINAL_STATUSES.has(status)) {
        await db.sessions.releaseKernelSlots(kernelId);
        this.slotsReleased.notify(session.resourceGroup);
        const others = session.kernels.filter(
          (k) => k.id !== kernelId && !KERNEL_TERMINAL_STATUSES.has(k.status),
        );
        if (reached && others.some((k) => k.status !== 'TERMINATING'))
          void this.terminator.endRemainingKernels(sessionId, cause.reason ?? 'sibling-kernel-ended');
      }
      log.debug('kernel status applied', { sessionId, kernelId, kernelStatus: kernel.status });
    });
  }
}
