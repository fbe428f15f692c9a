/** The longest delay setTimeout accepts; longer waits are cut into pieces by the caller's loop. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A doorbell for a waiting loop: `ring` wakes the current (or the next) `wait`, so a ring that
 * comes between two waits is not missed.
 */
export class Wakeup {
  private rung = false;
  private wake: (() => void) | undefined;

  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Resolves when rung, or after `ms` (at once when already rung). */
  async wait(ms: number): Promise<void> {
    if (!this.rung) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, Math.min(Math.max(0, ms), MAX_TIMER_MS));
      });
      clearTimeout(timer);
      this.wake = undefined;
    }
    this.rung = false;
  }
}
