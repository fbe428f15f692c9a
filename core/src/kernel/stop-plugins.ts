import type { Logger } from '../contracts/logger';
import { TesseraError } from '../errors/tessera-error';
import type { PluginRuntime } from './plugin-runtime';
import { withTimeout } from './with-timeout';

/** Whether a runtime may hold resources that its `stop` must release. */
export function needsStop(runtime: PluginRuntime): boolean {
  return (
    runtime.phase === 'initialized' ||
    runtime.phase === 'started' ||
    (runtime.phase === 'failed' && runtime.failure?.context.phase === 'start')
  );
}

/**
 * Stops plugins one by one in the order given (the kernel passes reverse start order), each
 * within `timeoutMs`. A plugin that throws or hangs is logged with its id and the others still
 * stop: one bad plugin must not keep the rest from releasing what they hold.
 */
export async function stopPlugins(runtimes: PluginRuntime[], timeoutMs: number, log: Logger): Promise<void> {
  for (const runtime of runtimes) {
    const stop = runtime.definition?.stop;
    if (!stop) {
      runtime.phase = 'stopped';
      continue;
    }
    try {
      await withTimeout(
        Promise.resolve().then(() => stop(runtime.instance, runtime.context)),
        timeoutMs,
        () => new Error(`did not stop within ${timeoutMs} ms`),
      );
      runtime.phase = 'stopped';
    } catch (error) {
      log.error('plugin failed to stop', {
        plugin: runtime.id,
        error: TesseraError.fromPlugin(runtime.id, 'stop', error).message,
      });
    }
  }
}
