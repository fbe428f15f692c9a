import type { Database, EventPayloads, KernelStatus, Logger } from '@tessera/core';
import type { KeyedSerialQueue } from './keyed-serial-queue';
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
}

/**
 * Applies the agents' kernel_* events: moves the kernel (never backwards), returns its slots to
 * the agent when it is gone (exactly once: the database ignores a second release), and derives
 * the session's status from its kernels. Events of one session are applied one at a time.
 */
export class KernelLifecycleHandler {
  constructor(private readonly options: KernelLifecycleOptions) {}

  preparing(event: EventPayloads['kernel_preparing']): Promise<void> {
    return this.apply(event.sessionId, event.kernelId, 'PREPARING');
  }

  pulling(event: EventPayloads['kernel_pulling']): Promise<void> {
    return this.apply(event.sessionId, event.kernelId, 'PULLING');
  }

  creating(event: EventPayloads['kernel_creating']): Promise<void> {
    return this.apply(event.sessionId, event.kernelId, 'CREATING');
  }

  started(event: EventPayloads['kernel_started']): Promise<void> {
    const { kernelId, containerId, servicePorts, deviceAllocation } = event.info;
    return this.apply(event.sessionId, kernelId, 'RUNNING', {
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
      'TERMINATING',
      { statusInfo: event.reason },
      { reason: event.reason },
    );
  }

  terminated(event: EventPayloads['kernel_terminated']): Promise<void> {
    const status: KernelStatus = event.reason === 'failed-to-start' ? 'ERROR' : 'TERMINATED';
    return this.apply(
      event.sessionId,
      event.kernelId,
      status,
      { statusInfo: event.reason, exitCode: event.exitCode },
      { reason: event.reason, exitCode: event.exitCode },
    );
  }

  cancelled(event: EventPayloads['kernel_cancelled']): Promise<void> {
    return this.apply(
      event.sessionId,
      event.kernelId,
      'CANCELLED',
      { statusInfo: event.reason },
      { reason: event.reason },
    );
  }

  private apply(
    sessionId: string,
    kernelId: string,
    status: KernelStatus,
    update: KernelUpdate = {},
    cause: KernelCause = {},
  ): Promise<void> {
    const { db, writer, queue, log } = this.options;
    return queue.run(sessionId, async () => {
      const session = await db.sessions.get(sessionId);
      const kernel = session?.kernels.find((k) => k.id === kernelId);
      if (!session || !kernel) {
        log.warn('kernel event for an unknown kernel ignored', { sessionId, kernelId, status });
        return;
      }
      const moves = canKernelTransition(kernel.status, status);
      if (moves) {
        await writer.setKernel(kernel, status, update);
      } else {
        log.debug('stale kernel event ignored', { sessionId, kernelId, from: kernel.status, to: status });
      }
      if (status === 'TERMINATED' || status === 'ERROR' || status === 'CANCELLED') {
        await db.sessions.releaseKernelSlots(kernelId);
        this.options.onSlotsReleased(session.resourceGroup);
      }
      const statuses = session.kernels.map((k) => (k.id === kernelId && moves ? status : k.status));
      const sessionStatus = await syncSessionStatus(writer, session, statuses, cause);
      log.debug('kernel status applied', { sessionId, kernelId, kernelStatus: status, sessionStatus });
    });
  }
}
