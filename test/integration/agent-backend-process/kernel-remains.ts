import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processExists } from '../../support/kernel-spec';

/** Live processes (zombies excluded) whose environment carries `BACKENDAI_KERNEL_ID=<kernelId>`. */
export function kernelProcesses(kernelId: string): number[] {
  const marker = `BACKENDAI_KERNEL_ID=${kernelId}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let environ: string[];
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (environ.includes(marker) && processExists(pid)) found.push(pid);
  }
  return found;
}

/** What is left of a process kernel: its processes and its scratch directory, described. */
export function kernelRemains(workRoot: string, kernelId: string): string[] {
  const remains = kernelProcesses(kernelId).map((pid) => `process ${pid}`);
  if (existsSync(join(workRoot, kernelId))) remains.push(`scratch directory ${join(workRoot, kernelId)}`);
  return remains;
}
