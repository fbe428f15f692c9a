import { EntitySchema } from '@mikro-orm/core';
import { enumColumn, ERROR_LOG_SEVERITIES, type ErrorLogSeverity } from './enum-values';
import type { UserRow } from './user.entity';

/** An error a component or client reported for administrators to read (`/logs/error`). */
export interface ErrorLogRow {
  id: string;
  severity: ErrorLogSeverity;
  /** Which component reported it (`manager`, `agent`, a client name). */
  source: string;
  user: UserRow | null;
  isRead: boolean;
  isCleared: boolean;
  message: string;
  contextLang: string;
  contextEnv: Record<string, unknown>;
  requestUrl: string | null;
  requestStatus: number | null;
  traceback: string | null;
  createdAt: Date;
}

export const ErrorLogEntity = new EntitySchema<ErrorLogRow>({
  name: 'ErrorLog',
  tableName: 'error_logs',
  properties: {
    id: { type: 'uuid', primary: true },
    severity: enumColumn(ERROR_LOG_SEVERITIES),
    source: { type: 'string', length: 64 },
    user: { kind: 'm:1', entity: () => 'User', fieldName: 'user', nullable: true },
    isRead: { type: 'boolean', default: false },
    isCleared: { type: 'boolean', default: false },
    message: { type: 'text' },
    contextLang: { type: 'string', length: 32 },
    contextEnv: { type: 'json' },
    requestUrl: { type: 'text', nullable: true },
    requestStatus: { type: 'integer', nullable: true },
    traceback: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date(), index: 'ix_error_logs_created_at' },
  },
});
