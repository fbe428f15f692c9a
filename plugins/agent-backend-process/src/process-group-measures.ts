import type { KernelMeasures } from '@tessera/core';
import { listProcesses, readIoBytes, readResidentBytes, type ProcProcess } from './proc-fs';

/**
 * Measures of kernels' process groups from /proc, one scan for all of them: CPU time (user and
 * system, of the live processes and of the children they waited for), resident memory, and
 * storage I/O where /proc/<pid>/io is readable. A kernel whose group has no live process is left
 * out. Processes that left the group (`setsid`) are not counted; the process backend sets no limits.
 */
export async function measureProcessGroups(
  groups: Map<string, number>,
): Promise<Record<string, KernelMeasures>> {
  const byGroup = new Map<number, ProcProcess[]>();
  for (const process of await listProcesses()) {
    if (process.state === 'Z') continue;
    const members = byGroup.get(process.pgid) ?? [];
    members.push(process);
    byGroup.set(process.pgid, members);
  }
  const measures: Record<string, KernelMeasures> = {};
  await Promise.all(
    [...groups].map(async ([kernelId, pgid]) => {
      const members = byGroup.get(pgid);
      if (!members?.length) return;
      measures[kernelId] = await measureMembers(members);
    }),
  );
  return measures;
}

async function measureMembers(members: ProcProcess[]): Promise<KernelMeasures> {
  const [resident, io] = await Promise.all([
    Promise.all(members.map((member) => readResidentBytes(member.pid))),
    Promise.all(members.map((member) => readIoBytes(member.pid))),
  ]);
  const measures: KernelMeasures = {
    cpuUsedMs: Math.round(members.reduce((sum, member) => sum + member.cpuMs, 0)),
    memBytes: resident.reduce<number>((sum, bytes) => sum + (bytes ?? 0), 0),
  };
  const readable = io.filter((entry): entry is { read: number; write: number } => entry !== null);
  if (readable.length > 0) {
    measures.ioReadBytes = readable.reduce((sum, entry) => sum + entry.read, 0);
    measures.ioWriteBytes = readable.reduce((sum, entry) => sum + entry.write, 0);
  }
  return measures;
}
