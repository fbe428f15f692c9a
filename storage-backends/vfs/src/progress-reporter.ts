import type { StorageProgress } from '@tessera/core';

const MIN_INTERVAL_MS = 200;

/**
 * Adds up the work of a long operation and tells the caller at most every 200 ms, then once more
 * with the totals when `finish` is called, so a tree of a million small files does not produce a
 * million progress lines and every operation reports at least once.
 */
export class ProgressReporter {
  private bytes = 0;
  private files = 0;
  private lastReport = Date.now();

  constructor(private readonly report: StorageProgress | undefined) {}

  add(bytes: number, files: number): void {
    this.bytes += bytes;
    this.files += files;
    const now = Date.now();
    if (now - this.lastReport >= MIN_INTERVAL_MS) {
      this.lastReport = now;
      this.report?.({ bytes: this.bytes, files: this.files });
    }
  }

  finish(): { bytes: number; files: number } {
    const done = { bytes: this.bytes, files: this.files };
    this.report?.(done);
    return done;
  }
}
