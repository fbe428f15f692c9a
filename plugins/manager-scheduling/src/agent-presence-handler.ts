import { inject, injectable } from 'tsyringe';
import { Database, Logger, ResourceSlot, type AgentInfo, type EventPayloads } from '@tessera/core';
import { SessionLifecycle, SlotTypeRegistry } from '@tessera/manager-sessions';
import { imageRecordsFromHeartbeat } from './image-records';

/**
 * Keeps the agent table current. A heartbeat records the agent (ALIVE, capacity, address, the
 * kernels it lists), the slot types it serves and the images it can run, and has the sessions
 * feature end the kernels the agent stopped listing; `agent_terminated` takes it out of scheduling.
 */
@injectable()
export class AgentPresenceHandler {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(SlotTypeRegistry) private readonly slotTypes: SlotTypeRegistry,
    @inject(Logger) private readonly log: Logger,
    @inject(SessionLifecycle) private readonly lifecycle: SessionLifecycle,
  ) {}

  /**
   * Records the heartbeat. True when the agent can now host more than it could (it is new, it
   * came back, or its capacity or resource group changed): a scheduling pass is worth running.
   */
  async heartbeat(info: AgentInfo): Promise<boolean> {
    await this.slotTypes.learn(info.slotTypes);
    const before = await this.db.agents.get(info.agentId);
    await this.db.agents.upsertFromHeartbeat(info, new Date());
    const images = imageRecordsFromHeartbeat(info.images, await this.slotTypes.current());
    if (images.length > 0) await this.db.images.upsertMany(images);
    await this.db.images.recordInstalled(info.agentId, images);
    // Only against a previous heartbeat of the same ALIVE agent: after a LOST spell its kernels
    // were ended already, and a restart is agent_started's to reconcile.
    if (info.kernels && before?.status === 'ALIVE')
      await this.lifecycle.reconcileReportedKernels({
        agentId: info.agentId,
        kernels: info.kernels,
        previousKernels: before.reportedKernels ?? null,
        previousReceivedAt: before.lastContact,
      });
    // Back after a LOST spell without a restart (a network partition): its kernels were ended
    // meanwhile (agent-termination), so the ones it still runs go.
    if (info.kernels && before?.status === 'LOST')
      await this.lifecycle.destroyEndedKernels(info.agentId, info.kernels);
    return (
      !before ||
      before.status !== 'ALIVE' ||
      before.resourceGroup !== info.resourceGroup ||
      !ResourceSlot.fromJSON(before.availableSlots).equals(ResourceSlot.fromJSON(info.availableSlots))
    );
  }

  async terminated(event: EventPayloads['agent_terminated']): Promise<void> {
    if (!(await this.db.agents.get(event.agentId))) return;
    await this.db.agents.markStatus(event.agentId, event.status);
    this.log.info('agent left', { agentId: event.agentId, status: event.status, reason: event.reason });
  }
}
