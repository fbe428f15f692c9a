import type { UsedKernel } from './kernel-usage';
import { statNumber } from './usage-report';

/** The window of `/resource/stats/*\/month`: the last 30 days in 15-minute bins (2880 of them). */
export const STATS_PERIOD_MS = 30 * 86_400_000;
export const STATS_BIN_MS = 15 * 60_000;

interface Figure {
  value: number;
  unit_hint: 'count' | 'bytes';
}

/** One bin (upstream's field names; `date` is the bin's start in UNIX seconds). */
export interface StatsBin {
  date: number;
  num_sessions: Figure;
  cpu_allocated: Figure;
  mem_allocated: Figure;
  gpu_allocated: Figure;
  io_read_bytes: Figure;
  io_write_bytes: Figure;
  disk_used: Figure;
}

/**
 * Upstream's time-binned monthly stats: for each 15-minute bin from `now - 30 days` to `now`, the
 * ended kernels whose lifetime overlaps it, with their occupied slots and last stats summed. Only
 * kernels that have ended count, as upstream.
 */
export function monthlyStats(kernels: readonly UsedKernel[], now: Date): StatsBin[] {
  const end = now.getTime();
  const bins: StatsBin[] = [];
  const spans = kernels
    .filter((used) => used.kernel.terminatedAt !== null)
    .map(({ kernel }) => ({
      from: kernel.createdAt.getTime(),
      to: kernel.terminatedAt!.getTime(),
      slots: kernel.occupiedSlots,
      stat: kernel.lastStat ?? {},
    }));
  for (let start = end - STATS_PERIOD_MS; start < end; start += STATS_BIN_MS) {
    const inBin = spans.filter((span) => span.from < start + STATS_BIN_MS && span.to > start);
    const sum = (pick: (span: (typeof spans)[number]) => number): number =>
      inBin.reduce((total, span) => total + pick(span), 0);
    bins.push({
      date: start / 1000,
      num_sessions: { value: inBin.length, unit_hint: 'count' },
      cpu_allocated: { value: sum((s) => Number(s.slots['cpu'] ?? 0)), unit_hint: 'count' },
      mem_allocated: { value: sum((s) => Number(s.slots['mem'] ?? 0)), unit_hint: 'bytes' },
      gpu_allocated: {
        value: sum((s) => Number(s.slots['cuda.device'] ?? 0) + Number(s.slots['cuda.shares'] ?? 0)),
        unit_hint: 'count',
      },
      io_read_bytes: { value: sum((s) => statNumber(s.stat, 'io_read', 'current')), unit_hint: 'bytes' },
      io_write_bytes: { value: sum((s) => statNumber(s.stat, 'io_write', 'current')), unit_hint: 'bytes' },
      disk_used: {
        value: sum((s) => statNumber(s.stat, 'io_scratch_size', 'stats.max')),
        unit_hint: 'bytes',
      },
    });
  }
  return bins;
}
