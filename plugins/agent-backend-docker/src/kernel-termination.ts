import { removeContainer, type BackendContext, type LiveKernel } from './backend-context';
import { dockerMessage, ignoringGone } from './docker-errors';

/** How long the runner has to leave after `exit` before the container is stopped. */
const EXIT_GRACE_MS = 2000;
/** How long past stopTimeout the exit code is waited for before the container is removed anyway. */
const EXIT_CODE_WAIT_MS = 5000;

function delay(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

/**
 * Ends a kernel: asks the runner to leave (`exit`), then `docker stop` with stopTimeout (SIGTERM,
 * then SIGKILL), removes the container and frees what it held: host ports, pinned cores, its
 * place on the session network (removed after its last kernel), the scratch directory. Answers
 * the container's exit code (null when it could not be learnt).
 */
export async function terminateKernel(
  context: BackendContext,
  live: LiveKernel,
  reason: string,
): Promise<number | null> {
  const log = context.log.child({ kernelId: live.kernelId, sessionId: live.sessionId });
  if (!live.watch.end && live.record.runnerMode === 'socket') {
    try {
      live.runner.send({ op: 'exit', data: null });
      await Promise.race([live.watch.ended, delay(EXIT_GRACE_MS)]);
    } catch {
      // The runner cannot hear us any more; docker stop still works.
    }
  }
  if (!live.watch.end) {
    await ignoringGone(() => live.container.stop({ t: context.settings.stopTimeout })).catch((error) =>
      log.warn('docker stop failed; removing the container by force', { error: dockerMessage(error) }),
    );
  }
  const exitCode = await Promise.race([
    live.exited,
    delay(context.settings.stopTimeout * 1000 + EXIT_CODE_WAIT_MS),
  ]);
  live.runner.close();
  live.watch.stop();
  await removeContainer(live.container);
  context.ports.release(live.record.servicePorts.flatMap((p) => p.hostPorts));
  context.cores.release(live.kernelId);
  await context.networks.release(live.sessionId, live.kernelId);
  await live.scratch.remove();
  log.info('kernel container destroyed', { reason, exitCode, oomKilled: live.watch.end?.oomKilled ?? false });
  return exitCode;
}
