import type { KernelStatus, SessionRecord, SessionStatus } from '@tessera/core';
import type { SessionStatusWriter, StatusChange } from './session-status-writer';
import { deriveSessionStatus } from './session-transitions';

/** What caused a kernel change, for the session's status_info and status_data. */
export interface KernelCause {
  reason?: string;
  exitCode?: number | null;
  /** The main kernel's exit code as now known: a batch session's result comes from it. */
  mainExitCode?: number | null;
}

/**
 * Moves the session to the status its kernels imply, with Backend.AI's status_info and
 * status_data conventions (upstream-notes §3.7). Does nothing when the status is unchanged or
 * the state machine forbids the move (for example a late event for a finished session). A batch
 * session that ends announces its result (`session_success` / `session_failure`).
 */
export async function syncSessionStatus(
  writer: SessionStatusWriter,
  session: SessionRecord,
  kernelStatuses: readonly KernelStatus[],
  cause: KernelCause = {},
): Promise<SessionStatus> {
  const derived = deriveSessionStatus(kernelStatuses);
  if (derived === session.status) return derived;
  const change = changeFor(session, derived, cause);
  const moved = await writer.moveSession(session, derived, change);
  if (!moved) return session.status;
  if (session.type === 'batch' && (derived === 'TERMINATED' || derived === 'ERROR'))
    await writer.announceBatchResult(
      session.id,
      change.result === 'SUCCESS',
      exitCodeOf(cause),
      change.statusInfo,
    );
  return derived;
}

function exitCodeOf(cause: KernelCause): number | null {
  return cause.mainExitCode !== undefined ? cause.mainExitCode : (cause.exitCode ?? null);
}

function changeFor(session: SessionRecord, status: SessionStatus, cause: KernelCause): StatusChange {
  switch (status) {
    case 'RUNNING':
      return { statusInfo: null };
    case 'TERMINATED': {
      const exitCode = exitCodeOf(cause);
      return {
        statusInfo: cause.reason ?? session.statusInfo ?? 'self-terminated',
        statusData: {
          ...session.statusData,
          kernel: { exit_code: exitCode },
          session: { status: 'terminated' },
        },
        ...(session.type === 'batch' ? { result: exitCode === 0 ? 'SUCCESS' : 'FAILURE' } : {}),
      };
    }
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
