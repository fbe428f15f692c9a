import type { KernelMeasures, StatValue } from '@tessera/core';

/** One sample of a kernel's or the node's measures, with the time it was taken. */
export interface MeasureSample {
  at: number;
  measures: KernelMeasures;
}

/**
 * Turns measures into Backend.AI's `last_stat` form. Counters (CPU time, bytes moved) become rates
 * against the previous sample of the same subject; the first sample has no rates yet.
 */
export function statValues(sample: MeasureSample, previous?: MeasureSample): Record<string, StatValue> {
  const { measures: m } = sample;
  const stats: Record<string, StatValue> = {};
  const seconds = previous ? (sample.at - previous.at) / 1000 : 0;
  const rate = (now: number | undefined, before: number | undefined): string | undefined =>
    now !== undefined && before !== undefined && seconds > 0
      ? decimal(Math.max(0, now - before) / seconds)
      : undefined;

  if (m.cpuUsedMs !== undefined) {
    stats.cpu_used = value(m.cpuUsedMs, null, 'msec');
    const perSecond = rate(m.cpuUsedMs, previous?.measures.cpuUsedMs);
    if (perSecond !== undefined) {
      // ms of CPU per second of wall time / 10 = percent of one core.
      const percent = Number(perSecond) / 10;
      const capacity = m.cpuLimit !== undefined ? m.cpuLimit * 100 : null;
      stats.cpu_util = {
        current: decimal(percent),
        capacity: capacity === null ? null : decimal(capacity),
        pct: capacity ? decimal((percent / capacity) * 100) : null,
        unit_hint: 'percent',
      };
    }
  }
  if (m.memBytes !== undefined) {
    stats.mem = value(m.memBytes, m.memLimitBytes ?? null, 'bytes');
    if (m.memPeakBytes !== undefined) stats.mem['stats.max'] = decimal(m.memPeakBytes);
  }
  const counters: Array<[string, keyof KernelMeasures]> = [
    ['net_rx', 'netRxBytes'],
    ['net_tx', 'netTxBytes'],
    ['io_read', 'ioReadBytes'],
    ['io_write', 'ioWriteBytes'],
  ];
  for (const [name, field] of counters) {
    const now = m[field];
    if (now === undefined) continue;
    stats[name] = value(now, null, 'bytes');
    const perSecond = rate(now, previous?.measures[field]);
    if (perSecond !== undefined) stats[name]['stats.rate'] = perSecond;
  }
  return stats;
}

/**
 * Each core's utilisation between two samples of per-core CPU time (percent of that core, capacity
 * 100); undefined for the first sample, which has nothing to compare with. Cores missing from the
 * previous sample (brought online since) are left out.
 */
export function coreUtilization(
  sample: { at: number; cpuMs: Record<string, number> },
  previous: { at: number; cpuMs: Record<string, number> } | undefined,
): Record<string, StatValue> | undefined {
  if (!previous || sample.at <= previous.at) return undefined;
  const seconds = (sample.at - previous.at) / 1000;
  const cores: Record<string, StatValue> = {};
  for (const [core, cpuMs] of Object.entries(sample.cpuMs)) {
    const before = previous.cpuMs[core];
    if (before === undefined) continue;
    const percent = Math.min(100, Math.max(0, cpuMs - before) / seconds / 10);
    cores[core] = { current: decimal(percent), capacity: '100', pct: decimal(percent), unit_hint: 'percent' };
  }
  return cores;
}

function value(current: number, capacity: number | null, unitHint: string): StatValue {
  return {
    current: decimal(current),
    capacity: capacity === null ? null : decimal(capacity),
    pct: capacity ? decimal((current / capacity) * 100) : null,
    unit_hint: unitHint,
  };
}

/** A decimal string with at most two fraction digits and no exponent. */
export function decimal(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0';
}
