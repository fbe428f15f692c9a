import { inject, injectable } from 'tsyringe';
import { KERNEL_ON_AGENT_STATUSES } from '@tessera/core';
import { AgentKernels } from './agent-kernels';
import { HeartbeatKernelReconciler, type ReportedKernels } from './heartbeat-kernel-reconciler';
import { KeyedSerialQueue } from './keyed-serial-queue';
import type { SessionLifecycle } from './session-lifecycle';
import { SessionStatusWriter } from './session-status-writer';
import { SlotTypeRegistry } from './slot-type-registry';
import { SlotsReleased } from './slots-released';

/** The `session-lifecycle` service: the plugin's own writer, queue and slot types, shared. */
@injectable()
export class SessionLifecycleService implements SessionLifecycle {
  constructor(
    @inject(SessionStatusWriter) readonly writer: SessionStatusWriter,
    @inject(KeyedSerialQueue) readonly queue: KeyedSerialQueue,
    @inject(SlotTypeRegistry) readonly slotTypes: SlotTypeRegistry,
    @inject(SlotsReleased) private readonly slotsReleased: SlotsReleased,
    @inject(AgentKernels) private readonly agentKernels: AgentKernels,
    @inject(HeartbeatKernelReconciler) private readonly heartbeats: HeartbeatKernelReconciler,
  ) {}

  reconcileReportedKernels(report: ReportedKernels): Promise<string[]> {
    return this.heartbeats.reconcile(report);
  }

  destroyEndedKernels(agentId: string, kernels: readonly string[]): Promise<string[]> {
    return this.agentKernels.destroyEnded(agentId, kernels, 'agent-termination');
  }

  endKernelsOn(agentId: string, reason: string): Promise<string[]> {
    return this.agentKernels.end(agentId, reason, ['SCHEDULED', ...KERNEL_ON_AGENT_STATUSES]);
  }

  onSlotsReleased(listener: (resourceGroup: string) => void): () => void {
    return this.slotsReleased.subscribe(listener);
  }
}
