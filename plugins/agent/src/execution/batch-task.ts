import { randomBytes } from 'node:crypto';
import type { KernelExecutor } from './kernel-executor';

/**
 * Runs a batch session's startup command in its main kernel as a batch execution (the exec
 * step; no clean or build) and resolves with the command's exit code once it finishes: a batch
 * session's result. The output is collected and dropped: it is the task's, not a client's.
 * `ended` stops the wait when the kernel goes away first, as does an exec-timeout (resolving null).
 */
export async function runBatchTask(
  executor: KernelExecutor,
  command: string,
  ended: () => boolean,
): Promise<number | null> {
  const runId = `batch-${randomBytes(6).toString('hex')}`;
  let result = await executor.execute({ mode: 'batch', runId, code: '', options: { exec: command } });
  while (result.status !== 'finished') {
    if (result.status === 'exec-timeout' || ended()) return null;
    result = await executor.execute({ mode: 'continue', runId, code: '', options: null });
  }
  return result.exitCode;
}
