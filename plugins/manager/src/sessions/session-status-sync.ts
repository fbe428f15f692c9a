import type { KernelStatus, SessionRecord, SessionStatus } from '@tessera/core';
import type { SessionStatusWriter, StatusChange } from './session-status-writer';
import { deriveSessionStatus } from './session-transitions';

/** What caused a kernel change, for the session's status_info and status_data. */
export interface KernelCause {
  reason?: string;
  exitCode?: number | null;
}

/**
 * Moves the session to the status its kernels imply, with Backend.AI's status_info and
 * status_data conventions (upstream-notes §3.7). Does nothing when the status is unchanged or
 * the state machine forbids the move (for example a late event for a finished session).
 */
export async function syncSessionStatus(
  writer: SessionStatusWriter,
  session: SessionRecord,
  kernelStatuses: readonly KernelStatus[],
  cause: KernelCause = {},
): Promise<SessionStatus> {
  const derived = deriveSessionStatus(kernelStatuses);
  if (derived === session.status) return derived;
  const moved = await writer.moveSession(session, derived, changeFor(session, derived, cause));
  return moved ? derived : session.status;
}

function changeFor(session: SessionRecord, status: SessionStatus, cause: KernelCause): StatusChange {
  switch (status) {
    case 'RUNNING':
      return { statusInfo: null };
    case 'TERMINATED':
      return {
        statusInfo: cause.reason ?? session.statusInfo ?? 'self-terminated',
        statusData: {
          ...session.statusData,
          kernel: { exit_code: cause.exitCode ?? null },
          session: { status: 'terminated' },
        },
        ...(session.type === 'batch' ? { result: cause.exitCode === 0 ? 'SUCCESS' : 'FAILURE' } : {}),
      };
    case 'ERROR':
      return {
        statusInfo: cause.reason ?? 'failed-to-start',
        statusData: { ...session.statusData, kernel: { exit_code: cause.exitCode ?? null } },
        result: 'FAILURE',
      };
    case 'CANCELLED':
    case 'TERMINATING':
      return { statusInfo: cause.reason ?? session.statusInfo };
    default:
      return {};
  }
}
