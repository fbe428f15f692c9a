import type { KernelMeasures } from '@tessera/core';

/** The parts of Docker's stats answer (`GET /containers/{id}/stats`) the measures come from. */
export interface DockerStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: {
    usage?: number;
    max_usage?: number;
    limit?: number;
    stats?: Record<string, number>;
  };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: {
    io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null;
  };
}

/**
 * Memory in use without the page cache the kernel can drop, as the Docker CLI computes it: cgroup
 * v1 answers `total_inactive_file` in its stats, cgroup v2 `inactive_file`.
 */
function memoryInUse(memory: NonNullable<DockerStats['memory_stats']>): number | undefined {
  if (memory.usage === undefined) return undefined;
  const stats = memory.stats ?? {};
  const inactive = 'total_inactive_file' in stats ? stats.total_inactive_file : stats.inactive_file;
  return inactive !== undefined && inactive < memory.usage ? memory.usage - inactive : memory.usage;
}

/** Read and written bytes: v1 lists `Read`/`Write` (and `Total`, ...) per device, v2 `read`/`write`. */
function blockIo(entries: Array<{ op?: string; value?: number }>): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const { op, value } of entries) {
    const kind = (op ?? '').toLowerCase();
    if (kind === 'read') read += value ?? 0;
    else if (kind === 'write') write += value ?? 0;
  }
  return { read, write };
}

/**
 * A kernel's measures from one Docker stats sample, on cgroup v1 or v2. `cpuLimit` (cores) comes
 * from the container's configuration, which stats do not carry. Fields Docker leaves out (a
 * stopped container answers empty stats; v2 has no max_usage) stay absent.
 */
export function measuresFromStats(stats: DockerStats, cpuLimit?: number): KernelMeasures {
  const measures: KernelMeasures = {};
  const cpuNs = stats.cpu_stats?.cpu_usage?.total_usage;
  if (cpuNs !== undefined) measures.cpuUsedMs = Math.round(cpuNs / 1e6);
  if (cpuLimit !== undefined) measures.cpuLimit = cpuLimit;
  const memory = stats.memory_stats;
  if (memory) {
    const inUse = memoryInUse(memory);
    if (inUse !== undefined) measures.memBytes = inUse;
    if (memory.max_usage) measures.memPeakBytes = memory.max_usage;
    if (memory.limit) measures.memLimitBytes = memory.limit;
  }
  if (stats.networks) {
    const interfaces = Object.values(stats.networks);
    measures.netRxBytes = interfaces.reduce((sum, n) => sum + (n.rx_bytes ?? 0), 0);
    measures.netTxBytes = interfaces.reduce((sum, n) => sum + (n.tx_bytes ?? 0), 0);
  }
  const io = stats.blkio_stats?.io_service_bytes_recursive;
  if (io) {
    const { read, write } = blockIo(io);
    measures.ioReadBytes = read;
    measures.ioWriteBytes = write;
  }
  return measures;
}
