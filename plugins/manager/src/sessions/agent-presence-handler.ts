import { ResourceSlot, type AgentInfo, type Database, type EventPayloads, type Logger } from '@tessera/core';
import { imageRecordsFromHeartbeat } from './image-records';
import type { SlotTypeRegistry } from './slot-type-registry';

/**
 * Keeps the agent table current. A heartbeat records the agent (ALIVE, capacity, address), the
 * slot types it serves and the images it can run; `agent_terminated` takes it out of scheduling.
 */
export class AgentPresenceHandler {
  constructor(
    private readonly db: Database,
    private readonly slotTypes: SlotTypeRegistry,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records the heartbeat. True when the agent can now host more than it could (it is new, it
   * came back, or its capacity or resource group changed): a scheduling pass is worth running.
   */
  async heartbeat(info: AgentInfo): Promise<boolean> {
    await this.slotTypes.learn(info.slotTypes);
    const before = await this.db.agents.get(info.agentId);
    await this.db.agents.upsertFromHeartbeat(info, this.now());
    const images = imageRecordsFromHeartbeat(info.images, await this.slotTypes.current());
    if (images.length > 0) await this.db.images.upsertMany(images);
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
