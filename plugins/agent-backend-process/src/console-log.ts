/** Lines kept, at most. */
const MAX_LINES = 1000;
/** Characters kept, at most, over all lines. */
const MAX_CHARS = 256 * 1024;
/** A longer line is cut to this many characters (and marked). */
const MAX_LINE_CHARS = 16 * 1024;

/**
 * The last lines a kernel wrote outside the runner protocol (the runner's diagnostics, bootstrap
 * scripts, prestart actions): the process backend's equivalent of a container log, for
 * `kernelLogs`. Bounded by lines and by size; the oldest lines go first.
 */
export class ConsoleLog {
  private readonly lines: string[] = [];
  private chars = 0;

  append(line: string): void {
    const kept = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} [cut]` : line;
    this.lines.push(kept);
    this.chars += kept.length;
    while (this.lines.length > MAX_LINES || (this.chars > MAX_CHARS && this.lines.length > 1)) {
      this.chars -= this.lines.shift()!.length;
    }
  }

  /** The last `count` lines, oldest first. */
  lastLines(count: number): string[] {
    return this.lines.slice(-count);
  }

  /** Everything kept, oldest first, one line per line. */
  text(): string {
    return this.lines.map((line) => `${line}\n`).join('');
  }
}
