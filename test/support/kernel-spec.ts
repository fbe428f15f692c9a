import { readdirSync, readFileSync } from 'node:fs';
import type { KernelCreationSpec } from '@tessera/core';

let counter = 0;

/** A single-kernel session's creation spec for `python:3`, with a fresh kernel id. */
export function kernelSpec(overrides: Partial<KernelCreationSpec> = {}): KernelCreationSpec {
  counter += 1;
  return {
    kernelId: `kernel-${process.pid}-${counter}`,
    sessionId: `session-${process.pid}-${counter}`,
    sessionName: `test-${counter}`,
    sessionType: 'interactive',
    image: 'python:3',
    architecture: 'x86_64',
    resourceSlots: { cpu: '1', mem: '268435456' },
    environ: {},
    cluster: { mode: 'single-node', size: 1, role: 'main', idx: 1, localRank: 0, hostname: 'main1' },
    ownerAccessKey: 'AKIAIOSFODNN7EXAMPLE',
    ownerUserId: 'user-1',
    ...overrides,
  };
}

/**
 * True while a process with this pid runs. A zombie (dead, waiting for its new parent to reap it,
 * which a container's init may do lazily) counts as gone once all its threads have ended: a
 * multi-threaded process's leader shows as a zombie while its other threads are still exiting,
 * and its parent cannot reap it (waitpid answers "still running") until they are gone.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') return true;
    return readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return false;
  }
}
