import type { UsedKernel } from './kernel-usage';

/** One kernel in `/resource/usage/*` (upstream's `c_info`). */
export interface KernelUsage {
  id: string;
  container_id: string | null;
  domain_name: string;
  group_id: string | null;
  group_name: string;
  name: string;
  access_key: string;
  email: string | null;
  agent: string | null;
  cpu_allocated: number;
  cpu_used: number;
  mem_allocated: number;
  mem_used: number;
  shared_memory: number;
  disk_allocated: number;
  disk_used: number;
  io_read: number;
  io_write: number;
  used_time: string | null;
  used_days: number | null;
  device_type: string[];
  smp: number;
  gpu_mem_allocated: number;
  gpu_allocated: number;
  nfs: string[] | null;
  image_id: string;
  image_name: string;
  created_at: string;
  terminated_at: string | null;
  status: string;
  status_changed: string;
  status_history: Record<string, string>;
}

/** One project in `/resource/usage/*` (upstream's per-group object): its kernels and their sums. */
export interface ProjectUsage {
  domain_name: string;
  g_id: string | null;
  g_name: string;
  g_cpu_allocated: number;
  g_cpu_used: number;
  g_mem_allocated: number;
  g_mem_used: number;
  g_shared_memory: number;
  g_disk_allocated: number;
  g_disk_used: number;
  g_io_read: number;
  g_io_write: number;
  g_device_type: string[];
  g_smp: number;
  g_gpu_mem_allocated: number;
  g_gpu_allocated: number;
  c_infos: KernelUsage[];
}

/** The summed fields: `g_<name>` is the sum of `<name>` over the project's kernels. */
const SUMMED = [
  'cpu_allocated',
  'cpu_used',
  'mem_allocated',
  'mem_used',
  'shared_memory',
  'disk_allocated',
  'disk_used',
  'io_read',
  'io_write',
  'smp',
  'gpu_mem_allocated',
  'gpu_allocated',
] as const;

/**
 * Upstream's usage report: kernels grouped by project, in the order of their end (running ones
 * last), with per-project sums. Allocations come from the kernels' occupied slots, use from their
 * last reported stats (zero when none was reported).
 */
export function usageReport(kernels: readonly UsedKernel[]): ProjectUsage[] {
  const ordered = [...kernels].sort(
    (a, b) => (a.kernel.terminatedAt?.getTime() ?? Infinity) - (b.kernel.terminatedAt?.getTime() ?? Infinity),
  );
  const projects = new Map<string, ProjectUsage>();
  for (const used of ordered) {
    const info = kernelUsage(used);
    const key = `${info.domain_name}/${info.group_name}`;
    let project = projects.get(key);
    if (!project) {
      project = {
        domain_name: info.domain_name,
        g_id: info.group_id,
        g_name: info.group_name,
        g_cpu_allocated: 0,
        g_cpu_used: 0,
        g_mem_allocated: 0,
        g_mem_used: 0,
        g_shared_memory: 0,
        g_disk_allocated: 0,
        g_disk_used: 0,
        g_io_read: 0,
        g_io_write: 0,
        g_device_type: [],
        g_smp: 0,
        g_gpu_mem_allocated: 0,
        g_gpu_allocated: 0,
        c_infos: [],
      };
      projects.set(key, project);
    }
    for (const field of SUMMED) project[`g_${field}`] += info[field];
    project.g_device_type = [...new Set([...project.g_device_type, ...info.device_type])];
    project.c_infos.push(info);
  }
  return [...projects.values()];
}

export function kernelUsage({ kernel, session }: UsedKernel): KernelUsage {
  const stat = kernel.lastStat ?? {};
  const slots = kernel.occupiedSlots;
  const ended = kernel.terminatedAt;
  return {
    id: kernel.id,
    container_id: kernel.containerId,
    domain_name: session.domainName,
    group_id: session.groupId,
    group_name: session.groupName,
    name: session.name,
    access_key: session.accessKey,
    email: session.userEmail,
    agent: kernel.agentId,
    cpu_allocated: Number(slots['cpu'] ?? 0),
    cpu_used: statNumber(stat, 'cpu_used', 'current'),
    mem_allocated: Number(slots['mem'] ?? 0),
    mem_used: statNumber(stat, 'mem', 'current'),
    shared_memory: Number(kernel.resourceOpts?.shmem ?? 0),
    disk_allocated: 0,
    disk_used: statNumber(stat, 'io_scratch_size', 'stats.max'),
    io_read: statNumber(stat, 'io_read', 'current'),
    io_write: statNumber(stat, 'io_write', 'current'),
    used_time: ended ? pythonTimedelta(ended.getTime() - kernel.createdAt.getTime()) : null,
    used_days: ended ? utcDayNumber(ended) - utcDayNumber(kernel.createdAt) + 1 : null,
    device_type: [],
    smp: 0,
    gpu_mem_allocated: 0,
    gpu_allocated: Number(slots['cuda.shares'] ?? slots['cuda.device'] ?? 0),
    nfs: null,
    image_id: kernel.image,
    image_name: kernel.image,
    created_at: kernel.createdAt.toISOString(),
    terminated_at: ended ? ended.toISOString() : null,
    status: kernel.status,
    status_changed: kernel.statusChanged.toISOString(),
    status_history: { ...session.statusHistory },
  };
}

/** A measure of a kernel's last stat (`{cpu_used: {current: "12.5", ...}}`), 0 when absent. */
export function statNumber(stat: Record<string, unknown>, metric: string, field: string): number {
  const measure = stat[metric];
  if (typeof measure !== 'object' || measure === null) return 0;
  const value = Number((measure as Record<string, unknown>)[field] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function utcDayNumber(date: Date): number {
  return Math.floor(date.getTime() / 86_400_000);
}

/** A duration as Python's `str(timedelta)` writes it (`2:03:04.500000`, `1 day, 0:00:01`), as upstream sends. */
export function pythonTimedelta(milliseconds: number): string {
  const totalMicros = Math.max(0, Math.round(milliseconds * 1000));
  const days = Math.floor(totalMicros / 86_400_000_000);
  const rest = totalMicros - days * 86_400_000_000;
  const hours = Math.floor(rest / 3_600_000_000);
  const minutes = Math.floor((rest % 3_600_000_000) / 60_000_000);
  const seconds = Math.floor((rest % 60_000_000) / 1_000_000);
  const micros = rest % 1_000_000;
  const clock = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  const fraction = micros ? `.${String(micros).padStart(6, '0')}` : '';
  const prefix = days ? `${days} day${days === 1 ? '' : 's'}, ` : '';
  return `${prefix}${clock}${fraction}`;
}
