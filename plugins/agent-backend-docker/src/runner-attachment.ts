import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { JsonLinesRunnerChannel } from '@tessera/kernel-runner';
import { TesseraError, type Logger, type RunnerChannel } from '@tessera/core';
import type { BackendContext } from './backend-context';
import { ExecRunnerChannel } from './exec-runner-channel';
import type { ExitWatch } from './exit-watch';
import type { RunnerMode } from './kernel-record';
import { KERNEL_PATHS } from './labels';
import { connectRunnerSocket } from './runner-socket';
import type { ScratchDirectory } from './scratch-directory';

const POLL_MS = 20;

export interface RunnerTarget {
  container: Dockerode.Container;
  scratch: ScratchDirectory;
  mode: RunnerMode;
  watch: ExitWatch;
  /** A kernel found again after a restart (its runner was ready before). */
  reattach: boolean;
}

/** Throws once waiting makes no sense: the container exited, or readyTimeout passed. */
function readinessGuard(watch: ExitWatch, readyTimeout: number): () => void {
  const deadline = Date.now() + readyTimeout * 1000;
  return () => {
    if (watch.end) {
      throw new TesseraError(
        'session-start-failed',
        'The kernel container exited before its runner was ready',
        {
          exitCode: watch.end.exitCode,
          oomKilled: watch.end.oomKilled,
        },
      );
    }
    if (Date.now() > deadline) {
      throw new TesseraError('session-start-timeout', 'The kernel runner did not become ready in time', {
        readyTimeout,
      });
    }
  };
}

/** `ready`, or the guard's error, whichever comes first. */
async function guarded(ready: Promise<void>, guard: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<never>((_, reject) => {
    const check = () => {
      try {
        guard();
        timer = setTimeout(check, POLL_MS);
      } catch (error) {
        reject(error);
      }
    };
    check();
  });
  try {
    await Promise.race([ready, stop]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the exec-only keep-alive has run the bootstrap scripts and made its `ready` file. */
async function keepAliveReady(scratch: ScratchDirectory, guard: () => void): Promise<void> {
  const marker = join(scratch.ipcDir, 'ready');
  for (;;) {
    guard();
    const made = await access(marker).then(
      () => true,
      () => false,
    );
    if (made) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The kernel's runner channel once it is ready: a connection to the runner's Unix socket for
 * Python images (the runner answers `ready`, with `reattached: true` after an agent restart), or
 * an ExecRunnerChannel for images without Python. Gives up after readyTimeout
 * (session-start-timeout) or when the container exits first (session-start-failed).
 */
export async function attachRunner(
  context: BackendContext,
  target: RunnerTarget,
  log: Logger,
): Promise<RunnerChannel> {
  const { container, scratch, mode, watch, reattach } = target;
  const guard = readinessGuard(watch, context.settings.readyTimeout);
  let runner: RunnerChannel;
  if (mode === 'socket') {
    const socket = await connectRunnerSocket(scratch.runnerSocket, guard);
    const channel = new JsonLinesRunnerChannel(socket, socket, log);
    channel.onClose(() => {
      if (!watch.end) log.debug('the connection to the kernel runner closed', { reattach });
    });
    runner = channel;
  } else {
    runner = new ExecRunnerChannel(
      {
        docker: context.docker,
        container,
        user: `${context.owner.uid}:${context.owner.gid}`,
        workDir: KERNEL_PATHS.work,
      },
      reattach ? Promise.resolve() : keepAliveReady(scratch, guard),
      log,
      reattach,
    );
  }
  try {
    await guarded(runner.ready(), guard);
  } catch (error) {
    runner.close();
    if (error instanceof TesseraError) throw error;
    throw new TesseraError(
      'session-start-failed',
      'The kernel runner closed before it was ready',
      {},
      {},
      { cause: error },
    );
  }
  return runner;
}
