import { readdir } from 'node:fs/promises';
import type { Logger } from '@tessera/core';
import { listProcesses, readEnviron, readStat, type ProcProcess } from './proc-fs';
import { ScratchDirectory } from './scratch-directory';

/** What an earlier agent process left of one kernel, and what was done about it. */
export interface SweptKernel {
  kernelId: string;
  /** Process groups killed with SIGKILL. */
  groups: number[];
  /** Processes outside those groups killed with SIGKILL. */
  pids: number[];
  scratchRemoved: boolean;
}

/**
 * Cleans up after an agent process that died without destroying its kernels (killed with -9, a
 * crash). Their runners read the end of their input and exit by themselves, but user code may
 * have left processes behind, and the scratch directories remain.
 *
 * A process is the kernel's when its environment carries `BACKENDAI_KERNEL_ID=<kernelId>` (every
 * process of a kernel inherits it unless it replaced its environment). A process group is killed
 * when it is the kernel's recorded group (kernel.json) or a group led by one of the kernel's
 * processes (batch steps and services get their own), and one of its members is the kernel's:
 * a pid the system reused for an unrelated process is never signalled. The agent's own process and
 * group are never signalled. Processes that left the group and cleared their environment are not
 * found (a container backend has the cgroup for that). A kernel whose agent process still runs
 * (another agent sharing the scratch root) is left alone.
 */
export async function sweepLeftovers(
  workRoot: string,
  options: { keepScratch: boolean; skip: ReadonlySet<string>; log: Logger },
): Promise<SweptKernel[]> {
  const scratches = await scratchDirectories(workRoot, options.skip);
  if (scratches.length === 0) return [];
  const processes = (await listProcesses()).filter((p) => p.state !== 'Z' && p.pid !== process.pid);
  const environs = new Map<number, string[]>();
  await Promise.all(
    processes.map(async (p) => {
      const environ = await readEnviron(p.pid);
      if (environ) environs.set(p.pid, environ);
    }),
  );
  const ownGroup = (await readStat(process.pid))?.pgid;
  const swept: SweptKernel[] = [];
  for (const [kernelId, scratch] of scratches) {
    const marker = `BACKENDAI_KERNEL_ID=${kernelId}`;
    const isKernels = (p: ProcProcess) => environs.get(p.pid)?.includes(marker) ?? false;
    const marked = processes.filter(isKernels);
    const candidates = new Set(marked.filter((p) => p.pid === p.pgid).map((p) => p.pgid));
    const record = await scratch.readRecord();
    if (record?.agent && (await isAnotherLiveProcess(record.agent))) {
      options.log.info('scratch directory of another running agent process left alone', {
        kernelId,
        agentPid: record.agent.pid,
      });
      continue;
    }
    if (record) candidates.add(record.pgid);
    const groups = [...candidates].filter(
      (pgid) => pgid > 1 && pgid !== ownGroup && processes.some((p) => p.pgid === pgid && isKernels(p)),
    );
    for (const pgid of groups) kill(-pgid, options.log);
    const pids = marked.filter((p) => !groups.includes(p.pgid)).map((p) => p.pid);
    for (const pid of pids) kill(pid, options.log);
    if (!options.keepScratch) await scratch.remove();
    swept.push({ kernelId, groups, pids, scratchRemoved: !options.keepScratch });
    options.log.info('leftovers of a kernel of an earlier agent process removed', {
      kernelId,
      groups,
      pids,
      scratchRemoved: !options.keepScratch,
    });
  }
  return swept;
}

async function scratchDirectories(
  workRoot: string,
  skip: ReadonlySet<string>,
): Promise<Array<[string, ScratchDirectory]>> {
  let entries;
  try {
    entries = await readdir(workRoot, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: Array<[string, ScratchDirectory]> = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || skip.has(entry.name) || !ScratchDirectory.isKernelId(entry.name)) continue;
    const scratch = new ScratchDirectory(workRoot, entry.name);
    if (await scratch.looksLikeScratch()) found.push([entry.name, scratch]);
  }
  return found;
}

/** Whether `agent` names a running process other than this one (pid and start time both match). */
async function isAnotherLiveProcess(agent: { pid: number; startTime: number }): Promise<boolean> {
  if (agent.pid === process.pid) return false;
  const found = await readStat(agent.pid);
  return found !== null && found.state !== 'Z' && found.startTime === agent.startTime;
}

function kill(target: number, log: Logger): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      log.warn('cannot kill a leftover kernel process', { target, error: String(error) });
    }
  }
}
