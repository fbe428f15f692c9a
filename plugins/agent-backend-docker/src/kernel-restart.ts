import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { liveKernel, type BackendContext, type LiveKernel } from './backend-context';
import { ExitWatch } from './exit-watch';
import { attachRunner } from './runner-attachment';

/**
 * Restarts a kernel's container in place (`docker restart`): every process in it ends, the
 * container's filesystem, its scratch folder (/home/work), its ports and its network stay, and
 * its command runs again (bootstrap scripts, then a fresh runner). The old exit watch and runner
 * connection are dropped first, so the restart is not taken for the kernel's end; a new watch and
 * runner are attached as for a new kernel, and the kernel as it runs now is answered once the
 * runner is ready (session-start-timeout / session-start-failed otherwise).
 */
export async function restartKernelContainer(context: BackendContext, live: LiveKernel): Promise<LiveKernel> {
  const log = context.log.child({ kernelId: live.kernelId, sessionId: live.sessionId });
  live.watch.stop();
  live.runner.close();
  // The exec-only keep-alive makes this marker once its bootstrap has run; the next one must make it again.
  await unlink(join(live.scratch.ipcDir, 'ready')).catch(() => undefined);
  await live.container.restart({ t: context.settings.stopTimeout });
  const watch = new ExitWatch(live.container, log);
  try {
    const runner = await attachRunner(
      context,
      {
        container: live.container,
        scratch: live.scratch,
        mode: live.record.runnerMode,
        watch,
        reattach: false,
      },
      log,
    );
    log.info('kernel container restarted', { containerId: live.container.id });
    return liveKernel(live.container, live.scratch, live.record, runner, watch);
  } catch (error) {
    watch.stop();
    throw error;
  }
}
