import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { KernelMeasures } from '@tessera/core';

/** Clock ticks per second of /proc/stat on Linux (USER_HZ, 100 on every mainstream build). */
const USER_HZ = 100;

/**
 * The node's measures from /proc: CPU time of every core (user+nice+system+irq+softirq+steal),
 * memory in use (MemTotal - MemAvailable) and network bytes of every interface but loopback.
 * Measures the host cannot give (not Linux, /proc hidden) are left out.
 */
export async function nodeMeasures(proc = '/proc'): Promise<KernelMeasures> {
  const measures: KernelMeasures = { cpuLimit: availableParallelism() };
  const [stat, meminfo, netdev] = await Promise.all(
    ['stat', 'meminfo', 'net/dev'].map((file) => readFile(`${proc}/${file}`, 'utf8').catch(() => undefined)),
  );
  const cpu = stat?.split('\n').find((line) => line.startsWith('cpu '));
  if (cpu) {
    const [user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0);
    measures.cpuUsedMs = (ticks * 1000) / USER_HZ;
  }
  if (meminfo) {
    const kib = (key: string): number | undefined => {
      const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo);
      return match ? Number(match[1]) * 1024 : undefined;
    };
    const total = kib('MemTotal');
    const available = kib('MemAvailable');
    if (total !== undefined && available !== undefined) {
      measures.memBytes = total - available;
      measures.memLimitBytes = total;
    }
  }
  if (netdev) {
    let rx = 0;
    let tx = 0;
    for (const line of netdev.split('\n').slice(2)) {
      const [name, counters] = line.split(':');
      if (!counters || name!.trim() === 'lo') continue;
      const fields = counters.trim().split(/\s+/).map(Number);
      rx += fields[0] ?? 0;
      tx += fields[8] ?? 0;
    }
    measures.netRxBytes = rx;
    measures.netTxBytes = tx;
  }
  return measures;
}

/**
 * CPU time of each core (`cpu0`, `cpu1`, ... of /proc/stat) in milliseconds, by core index; empty
 * when /proc is unreadable.
 */
export async function coreCpuTimes(proc = '/proc'): Promise<Record<string, number>> {
  const stat = await readFile(`${proc}/stat`, 'utf8').catch(() => '');
  const cores: Record<string, number> = {};
  for (const line of stat.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user, nice, system, , , irq, softirq, steal] = match[2]!.trim().split(/\s+/).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0);
    cores[match[1]!] = (ticks * 1000) / USER_HZ;
  }
  return cores;
}
