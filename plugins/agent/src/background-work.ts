/** Work the agent accepted and carries on with after answering (kernel creation). */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  /** `onError` sees failures the work did not handle itself (a bug: each task reports its own outcome). */
  constructor(private readonly onError: (error: unknown) => void) {}

  track(work: Promise<void>): void {
    const settled: Promise<void> = work
      .catch((error: unknown) => this.onError(error))
      .finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  /** Resolves true when everything tracked has settled, or false after `ms`, whichever comes first. */
  async settle(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([Promise.all([...this.pending]).then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
