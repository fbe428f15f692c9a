import type { SessionRecord } from '@tessera/core';
import type { SessionStatusWriter } from './session-status-writer';

/**
 * Cancels a PENDING session and its kernels (it holds nothing, so nothing is released) and
 * announces `session_cancelled`. The caller holds the group's schedule lock, so no pass places
 * the session meanwhile.
 */
export async function cancelPendingSession(
  writer: SessionStatusWriter,
  session: SessionRecord,
  reason: string,
  statusData?: Record<string, unknown>,
): Promise<void> {
  for (const kernel of session.kernels)
    await writer.setKernel(kernel, 'CANCELLED', { statusInfo: reason }, ['PENDING']);
  await writer.moveSession(session, 'CANCELLED', {
    statusInfo: reason,
    reason,
    ...(statusData ? { statusData } : {}),
  });
}
