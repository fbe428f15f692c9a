import type { SessionEventEntry } from './session-event-entry';
import type { SessionSnapshot } from './session-snapshots';

/**
 * The `data` of a session stream event, with Backend.AI 22.09's keys: `sessionId` is the session's
 * UUID and `sessionName` its name; `kernelId` is the event's kernel (for session events, the main
 * kernel), `clusterRole`/`clusterIdx` come with kernel events. `result` (api-spec §6.1) comes with
 * the events that end a session: terminated, success and failure.
 */
export interface SessionEventData {
  reason: string;
  sessionName: string;
  ownerAccessKey: string;
  sessionId: string;
  exitCode: number | null;
  kernelId?: string;
  clusterRole?: string;
  clusterIdx?: number;
  result?: string;
}

/** Events that come with the session's `result`. */
const RESULT_EVENTS: Record<string, ((session: SessionSnapshot) => string) | undefined> = {
  session_terminated: (session) => session.result,
  session_success: () => 'SUCCESS',
  session_failure: () => 'FAILURE',
};

/** The data to send, or null when the entry is not to be sent (a derived event of a non-main kernel). */
export function sessionEventData(
  entry: SessionEventEntry,
  session: SessionSnapshot,
): SessionEventData | null {
  const main = session.kernels.find((kernel) => kernel.clusterRole === 'main') ?? session.kernels[0];
  if (entry.mainKernelOnly && entry.kernelId !== main?.id) return null;
  const data: SessionEventData = {
    reason: entry.reason ?? '',
    sessionName: session.name,
    ownerAccessKey: session.accessKey,
    sessionId: session.id,
    exitCode: entry.exitCode,
  };
  const isKernelEvent = entry.event.startsWith('kernel_');
  const kernel = isKernelEvent ? session.kernels.find((candidate) => candidate.id === entry.kernelId) : main;
  if (kernel) data.kernelId = kernel.id;
  else if (entry.kernelId) data.kernelId = entry.kernelId;
  if (isKernelEvent && kernel) {
    data.clusterRole = kernel.clusterRole;
    data.clusterIdx = kernel.clusterIdx;
  }
  const result = RESULT_EVENTS[entry.event];
  if (result) data.result = result(session);
  return data;
}
