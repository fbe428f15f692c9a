import { TesseraError, type LockHandle, type LockService, type Logger } from '@tessera/core';
import { advisoryKey } from './advisory-key';
import { ensureFenceSequence, nextFence } from './fence-sequence';
import { LockSession, type SessionSettings } from './lock-session';
import { PostgresLockHandle } from './postgres-lock-handle';

export interface PostgresLockServiceOptions extends SessionSettings {
  defaultTtlMs: number;
}

/** SQLSTATE of a lock wait that ran out of `lock_timeout`. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The longest `lock_timeout` PostgreSQL accepts (milliseconds in a 32-bit int). */
const MAX_LOCK_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * lock/v1 on PostgreSQL session advisory locks. Every waiter and holder has its own session:
 * `acquire` blocks in `pg_advisory_lock` (the server queues waiters and wakes the next one the
 * moment the holder's session unlocks or ends) with `lock_timeout` set to what is left of the
 * caller's timeout; `tryAcquire` uses `pg_try_advisory_lock`. A granted session draws the fence
 * from a sequence, so it is higher than every earlier holder's. Nothing touches the network
 * before `connect`.
 */
export class PostgresLockService implements LockService {
  private readonly held = new Set<PostgresLockHandle>();
  private readonly waiting = new Set<LockSession>();
  private connected = false;
  private closed = false;
  /** `idle_session_timeout` exists from PostgreSQL 14 on. */
  private serverEndsIdleSessions = false;

  constructor(
    private readonly options: PostgresLockServiceOptions,
    private readonly log: Logger,
  ) {}

  /** Checks that PostgreSQL answers and creates the fence sequence if it is missing. */
  async connect(): Promise<void> {
    const session = new LockSession(this.options, 0);
    await session.open();
    try {
      await ensureFenceSequence(session.client);
      const version = await session.client.query<{ server_version_num: string }>('SHOW server_version_num');
      this.serverEndsIdleSessions = Number(version.rows[0].server_version_num) >= 140000;
    } finally {
      session.close();
    }
    if (!this.serverEndsIdleSessions) {
      this.log.warn('PostgreSQL before 14 cannot end idle sessions; a hung holder keeps its locks', {
        host: this.options.host,
      });
    }
    this.connected = true;
  }

  async acquire(
    name: string,
    options: { timeoutMs?: number; ttlMs?: number } = {},
  ): Promise<LockHandle | null> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const key = advisoryKey(this.options.namespace, name);
    const ttlMs = options.ttlMs ?? this.options.defaultTtlMs;
    for (;;) {
      const session = await this.openSession(ttlMs);
      this.waiting.add(session);
      try {
        if (!(await waitForLock(session, key, deadline))) {
          session.close();
          return null;
        }
        return await this.hold(session, name, key, ttlMs);
      } catch (error) {
        session.close();
        if (this.closed) return null;
        if (!isSessionLoss(error, session) || Date.now() >= deadline) throw error;
        this.log.info('lock waiter lost its session and queues again', { lock: name });
      } finally {
        this.waiting.delete(session);
      }
    }
  }

  async tryAcquire(name: string, options: { ttlMs?: number } = {}): Promise<LockHandle | null> {
    const key = advisoryKey(this.options.namespace, name);
    const ttlMs = options.ttlMs ?? this.options.defaultTtlMs;
    const session = await this.openSession(ttlMs);
    try {
      const result = await session.client.query<{ granted: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS granted',
        [key],
      );
      if (!result.rows[0].granted) {
        session.close();
        return null;
      }
      return await this.hold(session, name, key, ttlMs);
    } catch (error) {
      session.close();
      throw error;
    }
  }

  /** Releases every held lock, ends waits with null, closes every session. */
  async close(): Promise<void> {
    this.closed = true;
    for (const session of this.waiting) session.close();
    await Promise.all([...this.held].map((handle) => handle.release()));
  }

  private async openSession(ttlMs: number): Promise<LockSession> {
    if (!this.connected || this.closed) {
      throw new TesseraError('lock-unavailable', 'the PostgreSQL lock service is not connected', {
        namespace: this.options.namespace,
      });
    }
    const session = new LockSession(this.options, this.serverEndsIdleSessions ? ttlMs : 0);
    await session.open();
    return session;
  }

  private async hold(
    session: LockSession,
    name: string,
    key: string,
    ttlMs: number,
  ): Promise<LockHandle | null> {
    const fence = await nextFence(session.client);
    if (this.closed) {
      session.close();
      return null;
    }
    const handle = new PostgresLockHandle({
      name,
      key,
      fence,
      session,
      ttlMs,
      log: this.log,
      onSettled: (settled) => this.held.delete(settled),
    });
    this.held.add(handle);
    handle.watchForLoss();
    this.log.debug('lock acquired', { lock: name, fence });
    return handle;
  }
}

/** Waits in the server's queue for the advisory lock until the deadline; false on timeout. */
async function waitForLock(session: LockSession, key: string, deadline: number): Promise<boolean> {
  const remainingMs = Math.ceil(deadline - Date.now());
  if (remainingMs <= 0) {
    const result = await session.client.query<{ granted: boolean }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS granted',
      [key],
    );
    return result.rows[0].granted;
  }
  const lockTimeout = Number.isFinite(remainingMs) ? `${Math.min(remainingMs, MAX_LOCK_TIMEOUT_MS)}ms` : '0';
  await session.client.query("SELECT set_config('lock_timeout', $1, false)", [lockTimeout]);
  try {
    await session.client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return false;
    throw error;
  }
}

/**
 * Whether a failed wait lost its session (terminated, server restarting, connection dropped), so
 * the waiter may queue again on a new one. Errors the server reports carry a SQLSTATE; losing the
 * connection is class 57P (operator intervention), class 08, or no SQLSTATE at all.
 */
function isSessionLoss(error: unknown, session: LockSession): boolean {
  if (session.lostReason) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code !== 'string' || /^(57P|08)/.test(code);
}
