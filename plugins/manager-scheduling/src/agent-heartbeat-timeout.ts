import { inject, injectable } from 'tsyringe';
import { Database, Logger } from '@tessera/core';
import { SessionLifecycle } from '@tessera/manager-sessions';
import { SchedulingSettings } from './scheduling-settings';

/** Why the kernels of a LOST agent ended (their `status_info`), as Backend.AI says it. */
export const AGENT_TERMINATION = 'agent-termination';

/**
 * Agents that stopped heartbeating: an ALIVE agent whose last contact is older than
 * `heartbeatTimeout` is marked LOST (one step in the database, so a heartbeat landing meanwhile
 * wins), which takes it out of scheduling, and every kernel placed on it ends with reason
 * `agent-termination`, returning its slots. An agent that heartbeats again is ALIVE again (the
 * same row), and its `agent_started` reconciles what it still runs. Run by the leading manager.
 */
@injectable()
export class AgentHeartbeatTimeout {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SessionLifecycle) private readonly lifecycle: SessionLifecycle,
    @inject(SchedulingSettings) private readonly settings: SchedulingSettings,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async check(now: Date = new Date()): Promise<void> {
    const silentSince = new Date(now.getTime() - this.settings.heartbeatTimeoutMs);
    // RESTARTING: stopped with its kernels left running, expected back; LOST like any silent agent.
    for (const agent of await this.db.agents.listByStatus(['ALIVE', 'RESTARTING'])) {
      if (agent.lastContact >= silentSince) continue;
      if (!(await this.db.agents.markLost(agent.id, silentSince))) continue;
      const kernels = await this.lifecycle.endKernelsOn(agent.id, AGENT_TERMINATION);
      this.log.warn('agent lost: no heartbeat within the timeout', {
        agentId: agent.id,
        lastContact: agent.lastContact.toISOString(),
        kernels,
      });
    }
  }
}
