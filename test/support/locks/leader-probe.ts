import type { LeaderTask } from '@tessera/core';

export interface TermRecord {
  who: string;
  fence: number;
  signal: AbortSignal;
}

/**
 * Records which contender runs the leader task, and checks that no two run at once: each term
 * runs until its signal aborts (or `endTerm` makes it return), as a timer loop would.
 */
export class LeaderProbe {
  readonly terms: TermRecord[] = [];
  running = 0;
  maxRunning = 0;
  private readonly enders = new Map<string, () => void>();

  task(who: string, behaviour: 'run' | 'throw' = 'run'): LeaderTask {
    return async (signal, fence) => {
      this.terms.push({ who, fence, signal });
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        if (behaviour === 'throw') throw new Error(`${who} failed on purpose`);
        await new Promise<void>((resolve) => {
          this.enders.set(who, resolve);
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      } finally {
        this.running--;
        this.enders.delete(who);
      }
    };
  }

  /** Makes `who`'s running task return by itself. */
  endTerm(who: string): void {
    this.enders.get(who)?.();
  }

  get current(): TermRecord | undefined {
    return this.running > 0 ? this.terms[this.terms.length - 1] : undefined;
  }
}
