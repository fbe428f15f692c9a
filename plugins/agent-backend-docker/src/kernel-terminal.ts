import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { KernelTerminal, TerminalSize } from '@tessera/core';
import { dockerMessage, ignoringGone } from './docker-errors';

/** How long hanging up a closed terminal's shell may take. */
const HANG_UP_TIMEOUT_MS = 5_000;

/**
 * A login shell (bash where the image has it, sh otherwise) that first leaves its pid in `pidFile`:
 * `exec` keeps the pid, so it is the shell's.
 */
function loginShell(pidFile: string): string {
  return `echo $$ > ${pidFile}; if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi`;
}

/**
 * A shell on a pseudo-terminal in a kernel's container, through `docker exec` with a tty (stdin
 * attached, one raw byte stream: a tty has no separate stderr). Resizing goes to the exec's tty;
 * `exited` reports the shell's exit code. Docker does not hang up an exec's tty when its attach
 * stream ends, so closing also sends the shell SIGHUP (from a second exec as the same user: no
 * privilege needed), as a terminal hang-up would; it ends with its jobs.
 */
export async function openDockerTerminal(
  container: Dockerode.Container,
  target: { user: string; workDir: string },
  size: TerminalSize,
): Promise<KernelTerminal> {
  const pidFile = `/tmp/.tessera-terminal-${randomUUID()}.pid`;
  const exec = await container.exec({
    Cmd: ['/bin/sh', '-c', loginShell(pidFile)],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    User: target.user,
    WorkingDir: target.workDir,
    Env: ['TERM=xterm-256color'],
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  const resize = async ({ rows, cols }: TerminalSize): Promise<void> => {
    await exec.resize({ h: rows, w: cols });
  };
  await resize(size).catch(() => undefined); // the exec may not have its tty yet; the shell reads it later
  const listeners: Array<(chunk: Buffer) => void> = [];
  stream.on('data', (chunk: Buffer) => {
    for (const listener of listeners) listener(chunk);
  });
  const exited = new Promise<number | null>((resolve) => {
    const settle = () => {
      void ignoringGone(() => exec.inspect()).then(
        (info) => resolve(info?.ExitCode ?? null),
        () => resolve(null),
      );
    };
    stream.once('end', settle);
    stream.once('close', settle);
    stream.once('error', settle);
  });
  return {
    onOutput: (listener) => void listeners.push(listener),
    write: (data) => {
      if (!stream.destroyed) stream.write(data);
    },
    resize: async (next) => {
      try {
        await resize(next);
      } catch (error) {
        throw new Error(`cannot resize the terminal: ${dockerMessage(error)}`);
      }
    },
    close: async () => {
      stream.end();
      stream.destroy();
      await hangUp(container, target.user, pidFile);
      await exited;
    },
    exited,
  };
}

/** Sends the shell whose pid is in `pidFile` SIGHUP and removes the file; a gone container or shell is fine. */
async function hangUp(container: Dockerode.Container, user: string, pidFile: string): Promise<void> {
  try {
    const exec = await container.exec({
      Cmd: ['/bin/sh', '-c', `kill -HUP "$(cat ${pidFile})" 2>/dev/null; rm -f ${pidFile}`],
      AttachStdout: true,
      AttachStderr: true,
      User: user,
    });
    const stream = (await exec.start({ hijack: true, stdin: false })) as Duplex;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        stream.destroy();
        resolve();
      }, HANG_UP_TIMEOUT_MS);
      stream.resume();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
  } catch {
    // Best effort: the container (and the shell with it) may be gone already.
  }
}
