import { inject, injectable } from 'tsyringe';
import { KERNEL_STATUSES, Logger, type KernelStatus } from '@tessera/core';
import { AgentKernels } from './agent-kernels';

/** Why such a kernel ended (its `status_info`). */
export const KERNEL_LOST = 'kernel-lost';

/**
 * Statuses of a kernel the agent has reported started, until it has ended: RUNNING through
 * TERMINATING. Kernels before that (SCHEDULED .. CREATING) may be on their way to the agent and
 * are never ended here.
 */
const STARTED_ON_AGENT: readonly KernelStatus[] = KERNEL_STATUSES.slice(
  KERNEL_STATUSES.indexOf('RUNNING'),
  KERNEL_STATUSES.indexOf('TERMINATING') + 1,
);

/** What two consecutive heartbeats of one agent said about its kernels. */
export interface ReportedKernels {
  agentId: string;
  /** The kernels this heartbeat lists (`AgentInfo.kernels`). */
  kernels: readonly string[];
  /** The kernels the agent's previous heartbeat listed; null when it listed none. */
  previousKernels: readonly string[] | null;
  /** When the manager received the previous heartbeat. */
  previousReceivedAt: Date;
}

/**
 * Ends the kernels an agent has stopped listing in its heartbeats (their end was never reported:
 * the kernel_terminated event was lost, the container vanished), so their sessions do not stay
 * RUNNING with nothing behind them. Heartbeats carry no send time, so the rule relies on what the
 * manager saw itself. A kernel ends with ERROR / `kernel-lost` (TERMINATED when it was being
 * terminated), slots returned and its session ended, when all of these hold:
 *
 * - it is RUNNING through TERMINATING on that agent: the agent reported it started (it lists a
 *   kernel from the moment it accepts it), so kernels still being created are never touched;
 * - its status changed before the previous heartbeat was received: a full heartbeat interval has
 *   passed since, so this heartbeat was built after the manager learnt of that status and not
 *   sent before the kernel existed on the agent;
 * - neither this heartbeat nor the previous one lists it: the agent has dropped it for a whole
 *   interval, so a kernel that just ended by itself, whose kernel_terminated is still on its way,
 *   is ended by that event (with its real reason and exit code), not here.
 */
@injectable()
export class HeartbeatKernelReconciler {
  constructor(
    @inject(AgentKernels) private readonly kernels: AgentKernels,
    @inject(Logger) private readonly log: Logger,
  ) {}

  /** Ends the kernels the rule picks; answers their ids. */
  async reconcile(report: ReportedKernels): Promise<string[]> {
    if (report.previousKernels === null) return [];
    const listed = new Set([...report.kernels, ...report.previousKernels]);
    const ended = await this.kernels.end(
      report.agentId,
      KERNEL_LOST,
      STARTED_ON_AGENT,
      (kernel) => kernel.statusChanged < report.previousReceivedAt && !listed.has(kernel.id),
    );
    if (ended.length > 0)
      this.log.warn('agent no longer lists kernels in its heartbeats; ended them', {
        agentId: report.agentId,
        kernels: ended,
      });
    return ended;
  }
}
