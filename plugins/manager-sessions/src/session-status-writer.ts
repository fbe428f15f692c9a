import { inject, injectable } from 'tsyringe';
import {
  Database,
  EventBus,
  type KernelStatus,
  type SessionRecord,
  type SessionResult,
  type SessionStatus,
} from '@tessera/core';
import { SessionSettings } from './session-settings';
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
@injectable()
export class SessionStatusWriter {
  private readonly source: string;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(EventBus) private readonly bus: EventBus,
    @inject(SessionSettings) settings: Pick<SessionSettings, 'source'>,
  ) {
    this.source = settings.source;
  }

  /**
   * Moves the session when the state machine allows it; returns whether it moved. The write is a
   * compare-and-set on the status the caller read: when another manager moved the session
   * meanwhile, the fresh status is read and the move tried again from there (if still allowed).
   */
  async moveSession(
    session: Pick<SessionRecord, 'id' | 'status'>,
    to: SessionStatus,
    change: StatusChange = {},
  ): Promise<boolean> {
    let current = session.status;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!canSessionTransition(current, to)) return false;
      const wrote = await this.db.sessions.setSessionStatus(session.id, to, {
        at: new Date(),
        expect: [current],
        ...(change.statusInfo !== undefined ? { statusInfo: change.statusInfo } : {}),
        ...(change.statusData !== undefined ? { statusData: change.statusData } : {}),
        ...(change.result !== undefined ? { result: change.result } : {}),
      });
      if (wrote) {
        await this.announce(
          session.id,
          to,
          change.statusInfo ?? null,
          change.reason ?? change.statusInfo ?? to.toLowerCase(),
        );
        return true;
      }
      const fresh = await this.db.sessions.get(session.id);
      if (!fresh) return false;
      current = fresh.status;
    }
    return false;
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
      case 'PREPARING':
        await this.bus.publish('session_preparing', { sessionId }, this.source);
        break;
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

  /** A batch session ended: `session_success` with its exit code, or `session_failure` with why. */
  async announceBatchResult(
    sessionId: string,
    success: boolean,
    exitCode: number | null,
    reason: string | null | undefined,
  ): Promise<void> {
    if (success)
      await this.bus.publish('session_success', { sessionId, exitCode: exitCode ?? 0 }, this.source);
    else
      await this.bus.publish(
        'session_failure',
        { sessionId, exitCode, reason: reason ?? 'task-failed' },
        this.source,
      );
  }

  /**
   * Writes a kernel's status and announces it. With `expect`, only while the kernel is in one of
   * those statuses (another manager may have moved it); returns whether it wrote.
   */
  async setKernel(
    kernel: { id: string; sessionId: string },
    status: KernelStatus,
    info: Omit<Parameters<Database['sessions']['setKernelStatus']>[2], 'at' | 'expect'> = {},
    expect?: readonly KernelStatus[],
  ): Promise<boolean> {
    const wrote = await this.db.sessions.setKernelStatus(kernel.id, status, {
      ...info,
      at: new Date(),
      ...(expect ? { expect } : {}),
    });
    if (!wrote) return false;
    await this.bus.publish(
      'kernel_status_changed',
      { kernelId: kernel.id, sessionId: kernel.sessionId, status },
      this.source,
    );
    return true;
  }
}
