import { inject, injectable } from 'tsyringe';
import { Database, Logger, type EventPayloads } from '@tessera/core';

/**
 * Keeps what the agents' `agent_stats` report. Each kernel's `last_stat` (Backend.AI's column: the
 * measures its agent last reported, in `StatValue` form): one batched write per report, and only
 * for kernels the reporting agent still holds, so a kernel that ended keeps the last stat it had
 * while it ran (the database's `recordLastStats`). The node's measures go to the agent's row
 * (`recordLastStat`, as Backend.AI's live stat `{ node, devices }`): `agent_stats` is anycast, so
 * the one manager that receives a report writes it where every manager reads it.
 */
@injectable()
export class KernelStatsRecorder {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async record(event: EventPayloads['agent_stats']): Promise<void> {
    const reported = Object.keys(event.kernels).length;
    const [known, written] = await Promise.all([
      this.db.agents.recordLastStat(
        event.agentId,
        { node: event.node, devices: event.devices ?? {} },
        new Date(),
      ),
      reported === 0 ? 0 : this.db.sessions.recordLastStats(event.agentId, event.kernels),
    ]);
    this.log.debug('stats recorded', { agentId: event.agentId, known, reported, written });
  }
}
