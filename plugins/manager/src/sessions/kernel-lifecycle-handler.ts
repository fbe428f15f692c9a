import type { Database, EventPayloads, KernelStatus, Logger } from '@tessera/core';
import type { KeyedSerialQueue } from './keyed-serial-queue';
import { mainKernel } from './session-lookup';
import type { SessionStatusWriter } from './session-status-writer';
import { syncSessionStatus, type KernelCause } from './session-status-sync';
import { canKernelTransition } from './session-transitions';

type KernelUpdate = Omit<Parameters<Database['sessions']['setKernelStatus']>[2], 'at'>;

export interface KernelLifecycleOptions {
  db: Database;
  writer: SessionStatusWriter;
  queue: KeyedSerialQueue;
  log: Logger;
  /** Called after a kernel gave its slots back, with the session's resource group. */
  onSlotsReleased(resourceGroup: string): void;
  /** Called when a kernel ended while others of its session still live: they must go too. */
  onKernelEnded?(sessionId: string, reason: string): void;
}

const GONE: ReadonlySet<KernelStatus> = new Set(['TERMINATED', 'ERROR', 'CANCELLED']);

/**
 * Applies the agents' kernel_* events: moves the kernel (never backwards), returns its slots to
 * the agent when it is gone (exactly once: the database ignores a second release), and derives
 * the session's status from its kernels. Events of one session are applied one at a time.
 */
export class KernelLifecycleHandler {
  constructor(private readonly options: KernelLifecycleOptions) {}

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
    const sessions = await this.options.db.sessions.listByStatus(['SCHEDULED', 'PREPARING', 'PULLING']);
    for (const session of sessions) {
      for (const kernel of session.kernels) {
        if (kernel.agentId === event.agentId && kernel.image === event.image && kernel.status === 'PULLING')
          await this.apply(session.id, kernel.id, ['PREPARED']);
      }
    }
  }

  started(event: EventPayloads['kernel_started']): Promise<void> {
    const { kernelId, containerId, servicePorts, deviceAllocation } = event.info;
    return this.apply(event.sessionId, kernelId, ['RUNNING'], {
      statusInfo: null,
      containerId,
      servicePorts,
      deviceAllocation,
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
    const status: KernelStatus = event.reason === 'failed-to-start' ? 'ERROR' : 'TERMINATED';
    return this.apply(
      event.sessionId,
      event.kernelId,
      [status],
      { statusInfo: event.reason, exitCode: event.exitCode },
      { reason: event.reason, exitCode: event.exitCode },
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
    const { db, writer, queue, log } = this.options;
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
        for (let attempt = 0; attempt < 3 && canKernelTransition(kernel.status, step); attempt++) {
          const expect = [kernel.status];
          if (await writer.setKernel(kernel, step, step === status ? update : {}, expect)) {
            reached = step === status;
            break;
          }
          session = (await db.sessions.get(sessionId)) ?? session;
          kernel = session.kernels.find((k) => k.id === kernelId) ?? kernel;
        }
        session = (await db.sessions.get(sessionId)) ?? session;
        kernel = session.kernels.find((k) => k.id === kernelId) ?? kernel;
        const main = mainKernel(session);
        const mainExitCode = main?.id === kernelId ? cause.exitCode : main?.exitCode;
        await syncSessionStatus(
          writer,
          session,
          session.kernels.map((k) => k.status),
          { ...cause, mainExitCode },
        );
      }
      if (!reached)
        log.debug('stale kernel event ignored', { sessionId, kernelId, from: before, to: status });
      if (GONE.has(status)) {
        await db.sessions.releaseKernelSlots(kernelId);
        this.options.onSlotsReleased(session.resourceGroup);
        const others = session.kernels.filter((k) => k.id !== kernelId && !GONE.has(k.status));
        if (reached && others.some((k) => k.status !== 'TERMINATING'))
          this.options.onKernelEnded?.(sessionId, cause.reason ?? 'sibling-kernel-ended');
      }
      log.debug('kernel status applied', { sessionId, kernelId, kernelStatus: kernel.status });
    });
  }
}
