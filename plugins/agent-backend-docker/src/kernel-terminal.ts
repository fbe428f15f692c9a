import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { KernelTerminal, TerminalSize } from '@tessera/core';
import { dockerMessage, ignoringGone } from './docker-errors';

/** A login shell: bash where the image has it, sh otherwise. */
const SHELL = 'if [ -x /bin/bash ]; then exec /bin/bash -l; else exec /bin/sh -l; fi';

/**
 * A shell on a pseudo-terminal in a kernel's container, through `docker exec` with a tty (stdin
 * attached, one raw byte stream: a tty has no separate stderr). Resizing goes to the exec's tty;
 * closing ends the stream, which ends the shell (SIGHUP), and `exited` reports its exit code.
 */
export async function openDockerTerminal(
  container: Dockerode.Container,
  target: { user: string; workDir: string },
  size: TerminalSize,
): Promise<KernelTerminal> {
  const exec = await container.exec({
    Cmd: ['/bin/sh', '-c', SHELL],
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
      await exited;
    },
    exited,
  };
}
