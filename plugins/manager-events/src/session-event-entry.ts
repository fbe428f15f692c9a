import type { EventEnvelope, EventName } from '@tessera/core';

/** The bus events `/events/session` forwards, under the same name (Backend.AI 22.09's list plus session_preparing, session_terminating). */
export const FORWARDED_SESSION_EVENTS = [
  'session_enqueued',
  'session_scheduled',
  'session_preparing',
  'session_started',
  'session_terminating',
  'session_terminated',
  'session_cancelled',
  'session_success',
  'session_failure',
  'kernel_preparing',
  'kernel_pulling',
  'kernel_creating',
  'kernel_started',
  'kernel_terminating',
  'kernel_terminated',
  'kernel_cancelled',
] as const satisfies readonly EventName[];

export type ForwardedSessionEvent = (typeof FORWARDED_SESSION_EVENTS)[number];

/**
 * What the API documents for a session and no component publishes as such: derived from the main
 * kernel's `kernel_pulling` / `kernel_creating` (single-kernel sessions: the only kernel).
 */
const DERIVED_FROM_MAIN_KERNEL: Partial<Record<ForwardedSessionEvent, string>> = {
  kernel_pulling: 'session_pulling',
  kernel_creating: 'session_creating',
};

/** One event as the session streams hold it: ids only, resolved against the session when sent. */
export interface SessionEventEntry {
  /** The SSE event name. */
  event: string;
  sessionId: string;
  /** The kernel of a `kernel_*` event (and of the session events derived from one). */
  kernelId: string | null;
  /** Sent only when `kernelId` is the session's main kernel (the derived session events). */
  mainKernelOnly: boolean;
  reason: string | null;
  exitCode: number | null;
}

/** The entries one bus event becomes: itself, and a derived session event after it where there is one. */
export function entriesOf(envelope: EventEnvelope<ForwardedSessionEvent>): SessionEventEntry[] {
  const payload = envelope.payload as unknown as Record<string, unknown>;
  const text = (key: string): string | null =>
    typeof payload[key] === 'string' ? (payload[key] as string) : null;
  const info = payload['info'] as { kernelId?: unknown } | undefined;
  const kernelId =
    text('kernelId') ??
    (envelope.name === 'kernel_started' && typeof info?.kernelId === 'string' ? info.kernelId : null);
  const entry: SessionEventEntry = {
    event: envelope.name,
    sessionId: String(payload['sessionId']),
    kernelId,
    mainKernelOnly: false,
    reason: text('reason'),
    exitCode: typeof payload['exitCode'] === 'number' ? payload['exitCode'] : null,
  };
  const derived = DERIVED_FROM_MAIN_KERNEL[envelope.name];
  return derived && kernelId ? [entry, { ...entry, event: derived, mainKernelOnly: true }] : [entry];
}
