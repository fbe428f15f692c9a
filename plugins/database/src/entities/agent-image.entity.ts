import { EntitySchema } from '@mikro-orm/core';
import type { ImageRow } from './image.entity';

/** An image an agent listed in its last heartbeat (Backend.AI keeps these sets in Redis). */
export interface AgentImageRow {
  agentId: string;
  image: ImageRow;
}

export const AgentImageEntity = new EntitySchema<AgentImageRow>({
  name: 'AgentImage',
  tableName: 'agent_images',
  properties: {
    agentId: { type: 'string', length: 64, primary: true },
    image: { kind: 'm:1', entity: () => 'Image', fieldName: 'image', primary: true, deleteRule: 'cascade' },
  },
});
