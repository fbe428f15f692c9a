import { contractToken } from '@tessera/core';
import type { ReportedKernels } from './heartbeat-kernel-reconciler';
import type { KeyedSerialQueue } from './keyed-serial-queue';
import type { SessionStatusWriter } from './session-status-writer';
import type { SlotTypeRegistry } from './slot-type-registry';

/**
 * `session-lifecycle`: what the sessions feature shares with the manager's other features, the
 * scheduling loop first. Provided by `@tessera/manager-sessions` when it initialises; one per
 * manager. The scheduling plugin writes statuses through `writer` (scheduled sessions, failed
 * starts, cancellations), serialises its writes to a session with the kernel events through
 * `queue`, reads slot types from `slotTypes`, and runs a pass when `onSlotsReleased` says kernels
 * gave resources back, so sessions never depend on scheduling.
 */
export interface SessionLifecycle {
  /** Writes session and kernel status changes and announces them on the bus (compare-and-set). */
  readonly writer: SessionStatusWriter;
  /** Runs work on one session one task at a time in this process (key: the session id). */
  readonly queue: KeyedSerialQueue;
  /** The slot types agents reported; resource requests and limits are read over them. */
  readonly slotTypes: SlotTypeRegistry;
  /**
   * Calls `listener` with the resource group whenever a kernel of this manager's event handling
   * gave its slots back. Listeners must not throw; returns a function that removes the listener.
   */
  onSlotsReleased(listener: (resourceGroup: string) => void): () => void;
  /**
   * Ends every kernel placed on `agentId` that has not ended (the agent is gone: LOST), with
   * `reason` as its status info; their slots return and their sessions end. Answers their ids.
   */
  endKernelsOn(agentId: string, reason: string): Promise<string[]>;
  /**
   * Reconciles an agent's kernels with what two consecutive heartbeats listed: the kernels it has
   * stopped listing end with `kernel-lost` (the rule: `HeartbeatKernelReconciler`). Called by
   * whoever records heartbeats, with the previous heartbeat's list and receive time. Answers the
   * ids of the kernels it ended.
   */
  reconcileReportedKernels(report: ReportedKernels): Promise<string[]>;
  /**
   * Has the agent destroy the kernels it lists that have ended for the manager (an agent back
   * after being LOST still runs the kernels whose sessions ended meanwhile). Answers their ids.
   */
  destroyEndedKernels(agentId: string, kernels: readonly string[]): Promise<string[]>;
}

export const SessionLifecycle = contractToken<SessionLifecycle>('session-lifecycle');
