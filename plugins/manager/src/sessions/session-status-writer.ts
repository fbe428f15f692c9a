import type {
  Database,
  EventBus,
  KernelStatus,
  SessionRecord,
  SessionResult,
  SessionStatus,
} from '@tessera/core';
import { canSessionTransition } from './session-transitions';

export interface StatusChange {
  statusInfo?: string | null;
  statusData?: Record<string, unknown>;
  result?: SessionResult;
  /** Why, for the session_* event (defaults to statusInfo). */
  reason?: string;
}

/**
 * Writes session and kernel status changes and announces them: `session_status_changed` for
 * every change (waiting API requests listen to it) plus the lifecycle event of the new status.
 */
export class SessionStatusWriter {
  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly source: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Moves the session when the state machine allows it; returns whether it moved. */
  async moveSession(
    session: Pick<SessionRecord, 'id' | 'status'>,
    to: SessionStatus,
    change: StatusChange = {},
  ): Promise<boolean> {
    if (!canSessionTransition(session.status, to)) return false;
    await this.db.sessions.setSessionStatus(session.id, to, {
      at: this.now(),
      ...(change.statusInfo !== undefined ? { statusInfo: change.statusInfo } : {}),
      ...(change.statusData !== undefined ? { statusData: change.statusData } : {}),
      ...(change.result !== undefined ? { result: change.result } : {}),
    });
    await this.announce(
      session.id,
      to,
      change.statusInfo ?? null,
      change.reason ?? change.statusInfo ?? to.toLowerCase(),
    );
    return true;
  }

  /** Announces a change another component already wrote (the allocation commit writes SCHEDULED). */
  async announce(
    sessionId: string,
    status: SessionStatus,
    statusInfo: string | null,
    reason: string,
  ): Promise<void> {
    await this.bus.publish('session_status_changed', { sessionId, status, statusInfo }, this.source);
    switch (status) {
      case 'RUNNING':
        await this.bus.publish('session_started', { sessionId }, this.source);
        break;
      case 'TERMINATING':
        await this.bus.publish('session_terminating', { sessionId, reason }, this.source);
        break;
      case 'TERMINATED':
        await this.bus.publish('session_terminated', { sessionId, reason }, this.source);
        break;
      case 'CANCELLED':
        await this.bus.publish('session_cancelled', { sessionId, reason }, this.source);
        break;
      default:
        break;
    }
  }

  async setKernel(
    kernel: { id: string; sessionId: string },
    status: KernelStatus,
    info: Omit<Parameters<Database['sessions']['setKernelStatus']>[2], 'at'> = {},
  ): Promise<void> {
    await this.db.sessions.setKernelStatus(kernel.id, status, { ...info, at: this.now() });
    await this.bus.publish(
      'kernel_status_changed',
      { kernelId: kernel.id, sessionId: kernel.sessionId, status },
      this.source,
    );
  }
}
