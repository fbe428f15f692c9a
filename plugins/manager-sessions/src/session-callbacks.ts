import { inject, injectable } from 'tsyringe';
import { Database, LockService, Logger, type LockHandle } from '@tessera/core';

/** The session events whose callbacks Backend.AI sends, and the `event` each one is called. */
export const CALLBACK_EVENTS = [
  'session_enqueued',
  'session_scheduled',
  'session_preparing',
  'session_started',
  'session_cancelled',
  'session_terminated',
  'session_success',
  'session_failure',
] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

/** How long one callback request may take. */
const CALLBACK_TIMEOUT_MS = 5_000;
/**
 * How long the manager that sent a callback keeps its claim on it: broadcast events reach every
 * manager, and one handling the same event within this window sees the claim and sends nothing.
 */
const CLAIM_MS = 60_000;

/** The body POSTed to a session's callback URL (Backend.AI's session_lifecycle webhook). */
export interface SessionCallbackBody {
  type: 'session_lifecycle';
  /** The event name without `session_`: `enqueued`, `started`, `terminated`, ... */
  event: string;
  session_id: string;
  /** ISO 8601, when the manager handled the event. */
  when: string;
}

/**
 * POSTs a session's lifecycle events to the `callback_url` it was created with, as Backend.AI's
 * session webhook does: one JSON request per event, not awaited by the event handler, bounded by
 * a timeout. Several managers all hear the events the bus broadcasts; the one that takes the lock
 * `session-callback/<session>/<event>` sends, and keeps the lock a minute so the others skip. A
 * failing callback is logged with the URL's origin only (its path or query may carry a token) and
 * not retried. Requests still in flight are aborted when the manager stops.
 */
@injectable()
export class SessionCallbacks {
  private readonly inFlight = new Set<AbortController>();
  private readonly claims = new Set<{ handle: LockHandle; timer: NodeJS.Timeout }>();

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(LockService) private readonly lock: LockService,
    @inject(Logger) private readonly log: Logger,
  ) {}

  async handle(event: CallbackEvent, sessionId: string, at: Date = new Date()): Promise<void> {
    const session = await this.db.sessions.get(sessionId);
    if (!session?.callbackUrl) return;
    const body: SessionCallbackBody = {
      type: 'session_lifecycle',
      event: event.slice('session_'.length),
      session_id: sessionId,
      when: at.toISOString(),
    };
    const handle = await this.lock.tryAcquire(`session-callback/${sessionId}/${event}`, { ttlMs: CLAIM_MS });
    if (!handle) return;
    const claim = { handle, timer: setTimeout(() => this.unclaim(claim), CLAIM_MS) };
    claim.timer.unref();
    this.claims.add(claim);
    void this.send(session.callbackUrl, body);
  }

  /** Aborts the callbacks still in flight and lets go of the claims. */
  stop(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    for (const claim of [...this.claims]) this.unclaim(claim);
  }

  private unclaim(claim: { handle: LockHandle; timer: NodeJS.Timeout }): void {
    clearTimeout(claim.timer);
    this.claims.delete(claim);
    void claim.handle.release().catch(() => undefined);
  }

  private async send(url: string, body: SessionCallbackBody): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), CALLBACK_TIMEOUT_MS);
    const origin = new URL(url).origin;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (!response.ok)
        this.log.warn('session callback answered with an error', {
          sessionId: body.session_id,
          event: body.event,
          origin,
          status: response.status,
        });
    } catch (error) {
      this.log.warn('session callback failed', {
        sessionId: body.session_id,
        event: body.event,
        origin,
        error: controller.signal.aborted ? 'timed out or aborted' : (error as Error).message,
      });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}
