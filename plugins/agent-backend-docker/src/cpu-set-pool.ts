import { TesseraError } from '@tessera/core';

/** `0-2,5` -> [0, 1, 2, 5]: docker's (and the kernel's) cpuset list format. */
export function parseCpuSet(text: string): number[] {
  const cores: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [from, to] = part.split('-').map(Number);
    for (let core = from; core <= (to ?? from); core++) cores.push(core);
  }
  return cores;
}

export function formatCpuSet(cores: number[]): string {
  return [...cores].sort((a, b) => a - b).join(',');
}

/**
 * Whole cores for kernels when `cpuPinning` is on: each kernel gets cores no other kernel of this
 * agent holds (lowest free first). Rebuilt from the containers found again after a restart.
 */
export class CpuSetPool {
  private readonly held = new Map<number, string>();

  constructor(private readonly cores: number[]) {}

  allocate(kernelId: string, count: number): number[] {
    const free = this.cores.filter((core) => !this.held.has(core));
    if (free.length < count) {
      throw new TesseraError('session-start-failed', 'Not enough free CPU cores to pin the kernel to', {
        kernelId,
        needed: count,
        free: free.length,
        cores: this.cores.length,
      });
    }
    const picked = free.slice(0, count);
    for (const core of picked) this.held.set(core, kernelId);
    return picked;
  }

  /** Marks cores as held by a kernel found again after a restart. */
  reserve(kernelId: string, cores: number[]): void {
    for (const core of cores) this.held.set(core, kernelId);
  }

  release(kernelId: string): void {
    for (const [core, holder] of this.held) if (holder === kernelId) this.held.delete(core);
  }

  heldBy(kernelId: string): number[] {
    return [...this.held].filter(([, holder]) => holder === kernelId).map(([core]) => core);
  }
}
