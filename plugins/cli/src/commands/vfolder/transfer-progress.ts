import type { CliIo } from '../../cli-io';
import { humanBytes } from '../../cli-output';

/** `auto`: a bar on a terminal, a plain line every few seconds elsewhere. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bar', 'lines', 'none'];

const BAR_WIDTH = 24;
/** How far back the speed looks: long enough to be steady, short enough to follow a change. */
const SPEED_WINDOW_MS = 5000;
const REDRAW_EVERY_MS = 100;
const LINE_EVERY_MS = 5000;

/** `0:09`, `12:05`, `1:02:03`; `--:--` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** `12.3 MiB/s`; `-` before there is a rate. */
export function formatRate(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null || !Number.isFinite(bytesPerSecond)) return '-';
  return `${humanBytes(Math.round(bytesPerSecond))}/s`;
}

export interface ProgressSnapshot {
  label: string;
  done: number;
  total: number | null;
  /** Bytes per second, null while unknown. */
  rate: number | null;
}

/** Seconds left at this rate; null when the total or the rate is unknown. */
export function etaSeconds(snapshot: ProgressSnapshot): number | null {
  if (snapshot.total === null || snapshot.rate === null || snapshot.rate <= 0) return null;
  return Math.max(snapshot.total - snapshot.done, 0) / snapshot.rate;
}

/** `[#########...............]  38%  76.0 MiB/200.0 MiB  25.3 MiB/s  ETA 0:05  data.bin` */
export function formatBar(snapshot: ProgressSnapshot): string {
  const share = snapshot.total ? Math.min(snapshot.done / snapshot.total, 1) : snapshot.total === 0 ? 1 : 0;
  const filled = Math.floor(share * BAR_WIDTH);
  const bar =
    snapshot.total === null
      ? '?'.repeat(BAR_WIDTH)
      : `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const percent = snapshot.total === null ? '  ?%' : `${String(Math.floor(share * 100)).padStart(3)}%`;
  const amount =
    snapshot.total === null
      ? humanBytes(snapshot.done)
      : `${humanBytes(snapshot.done)}/${humanBytes(snapshot.total)}`;
  return `[${bar}] ${percent}  ${amount}  ${formatRate(snapshot.rate)}  ETA ${formatDuration(etaSeconds(snapshot))}  ${snapshot.label}`;
}

/** `data.bin: 76.0 MiB of 200.0 MiB (38%), 25.3 MiB/s, ETA 0:05` for logs. */
export function formatLine(snapshot: ProgressSnapshot): string {
  const of = snapshot.total === null ? '' : ` of ${humanBytes(snapshot.total)}`;
  const percent = snapshot.total
    ? ` (${Math.floor(Math.min(snapshot.done / snapshot.total, 1) * 100)}%)`
    : '';
  return `${snapshot.label}: ${humanBytes(snapshot.done)}${of}${percent}, ${formatRate(snapshot.rate)}, ETA ${formatDuration(etaSeconds(snapshot))}`;
}

/**
 * The transfer rate over the last few seconds. Bytes a resumed transfer had already sent are not
 * counted: the first sample is the starting point, so the ETA is about what is left to send now.
 */
export class RateMeter {
  private readonly samples: Array<{ at: number; done: number }> = [];

  sample(at: number, done: number): number | null {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[1]!.at >= SPEED_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (at - first.at) / 1000;
    if (elapsed <= 0.2) return null;
    return Math.max(done - first.done, 0) / elapsed;
  }
}

/**
 * One transfer's progress on stderr: a bar redrawn in place on a terminal (at most ten times a
 * second), a plain line every few seconds elsewhere, or nothing.
 */
export class TransferProgressDisplay {
  private readonly meter = new RateMeter();
  private lastDraw = -Infinity;
  private drawn = false;
  private latest: ProgressSnapshot;

  constructor(
    private readonly io: CliIo,
    label: string,
    private readonly mode: Exclude<ProgressMode, 'auto'>,
    private readonly now: () => number = Date.now,
  ) {
    this.latest = { label, done: 0, total: null, rate: null };
  }

  /** `auto` resolved against the stream: a bar on a TTY, lines elsewhere. */
  static modeFor(io: CliIo, mode: ProgressMode): Exclude<ProgressMode, 'auto'> {
    if (mode !== 'auto') return mode;
    return (io.stderr as { isTTY?: boolean }).isTTY === true ? 'bar' : 'lines';
  }

  update(done: number, total: number | null): void {
    const at = this.now();
    this.latest = { ...this.latest, done, total, rate: this.meter.sample(at, done) };
    if (this.mode === 'none') return;
    const every = this.mode === 'bar' ? REDRAW_EVERY_MS : LINE_EVERY_MS;
    const finished = total !== null && done >= total;
    if (at - this.lastDraw < every && !finished) return;
    this.lastDraw = at;
    if (this.mode === 'bar') {
      const columns = (this.io.stderr as { columns?: number }).columns ?? 100;
      this.io.stderr.write(`\r${formatBar(this.latest).slice(0, Math.max(columns - 1, 40))}\u001b[K`);
      this.drawn = true;
    } else if (!finished) {
      this.io.stderr.write(`${formatLine(this.latest)}\n`);
    }
  }

  /** Removes the bar (the caller prints its summary after). */
  clear(): void {
    if (this.drawn) this.io.stderr.write('\r\u001b[K');
    this.drawn = false;
  }
}
