import { EntitySchema } from '@mikro-orm/core';
import type { DomainRow } from './domain.entity';
import { enumColumn, SESSION_TEMPLATE_TYPES, type SessionTemplateType } from './enum-values';
import type { GroupRow } from './group.entity';
import type { UserRow } from './user.entity';

/** A saved session-creation request (`task`) or cluster layout (`cluster`) users start sessions from. */
export interface SessionTemplateRow {
  id: string;
  name: string | null;
  type: SessionTemplateType;
  isActive: boolean;
  domain: DomainRow;
  group: GroupRow | null;
  user: UserRow | null;
  /** The template body as the API accepts it (`spec.kernel.image`, `spec.resources`, ...). */
  template: Record<string, unknown>;
  createdAt: Date;
}

export const SessionTemplateEntity = new EntitySchema<SessionTemplateRow>({
  name: 'SessionTemplate',
  tableName: 'session_templates',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 128, nullable: true },
    type: { ...enumColumn(SESSION_TEMPLATE_TYPES), default: 'task' },
    isActive: { type: 'boolean', default: true },
    domain: { kind: 'm:1', entity: () => 'Domain', fieldName: 'domain_name' },
    group: { kind: 'm:1', entity: () => 'Group', fieldName: 'group_id', nullable: true },
    user: { kind: 'm:1', entity: () => 'User', fieldName: 'user_uuid', nullable: true },
    template: { type: 'json' },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});
