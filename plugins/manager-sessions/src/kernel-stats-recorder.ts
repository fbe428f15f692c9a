import { inject, injectable } from 'tsyringe';
import { Database, Logger, type EventPayloads } from '@tessera/core';

/**
 * Keeps each kernel's `last_stat` (Backend.AI's column: the measures its agent last reported, in
 * `StatValue` form) from the agents' `agent_stats`. One batched write per report, and only for
 * kernels the reporting agent still holds, so a kernel that ended keeps the last stat it had while
 * it ran (the database's `recordLastStats`). The node's measures are not kept.
 */
@injectable()
export class KernelStatsRecorder {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async record(event: EventPayloads['agent_stats']): Promise<void> {
    const reported = Object.keys(event.kernels).length;
    if (reported === 0) return;
    const written = await this.db.sessions.recordLastStats(event.agentId, event.kernels);
    this.log.debug('kernel stats recorded', { agentId: event.agentId, reported, written });
  }
}
