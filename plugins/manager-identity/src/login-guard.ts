/** Remembered accounts at most; the oldest entries go first beyond this. */
const MAX_TRACKED = 10_000;

interface Failures {
  /** Failure times (ms) within the window, oldest first. */
  times: number[];
  /** Locked until this time (ms), or 0. */
  lockedUntil: number;
}

/**
 * Login lockout, per manager process: `maxFailures` failed logins of one account within
 * `lockMs` lock it for `lockMs` from the last failure; while locked every attempt is refused
 * without checking the password, and a successful login clears the count. Bounded: at most
 * 10,000 accounts are remembered, the least recently failed forgotten first.
 */
export class LoginGuard {
  private readonly accounts = new Map<string, Failures>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
  ) {}

  /** Seconds the account stays locked (rounded up), or 0 when it may try. */
  lockedFor(account: string, nowMs: number): number {
    const entry = this.accounts.get(account);
    if (!entry || entry.lockedUntil <= nowMs) return 0;
    return Math.ceil((entry.lockedUntil - nowMs) / 1000);
  }

  /** Counts a failed login; answers whether the account is locked now. */
  failed(account: string, nowMs: number): boolean {
    const entry = this.accounts.get(account) ?? { times: [], lockedUntil: 0 };
    this.accounts.delete(account);
    entry.times = entry.times.filter((time) => time > nowMs - this.lockMs);
    entry.times.push(nowMs);
    if (entry.times.length >= this.maxFailures) {
      entry.lockedUntil = nowMs + this.lockMs;
      entry.times = [];
    }
    this.accounts.set(account, entry);
    while (this.accounts.size > MAX_TRACKED) {
      const oldest = this.accounts.keys().next().value as string;
      this.accounts.delete(oldest);
    }
    return entry.lockedUntil > nowMs;
  }

  succeeded(account: string): void {
    this.accounts.delete(account);
  }
}
