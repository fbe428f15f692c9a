import { randomBytes } from 'node:crypto';
import { access, symlink, unlink } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Short: the socket appears within a few hundred milliseconds of the start, and each try is one access(2). */
const RETRY_MS = 5;
/** sun_path holds 108 bytes on Linux, the terminating NUL included; keep a margin. */
const MAX_SOCKET_PATH = 100;

/**
 * Connects to a Unix socket. A path longer than a socket address can hold (deep data folders) is
 * reached through a short symlink in the temporary folder, removed once connected: connect(2)
 * follows symlinks, and only the name given to it must fit.
 */
async function connectOnce(path: string): Promise<Socket> {
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH) return connectTo(path);
  const link = join(tmpdir(), `tessera-runner-${randomBytes(6).toString('hex')}.sock`);
  if (Buffer.byteLength(link) > MAX_SOCKET_PATH) {
    throw new Error(`the runner socket path ${path} is too long, and so is the temporary folder ${tmpdir()}`);
  }
  await symlink(path, link);
  try {
    return await connectTo(link);
  } finally {
    await unlink(link).catch(() => undefined);
  }
}

function connectTo(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path });
    const onError = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/**
 * Connects to the runner's Unix socket in the kernel's ipc folder (the host side of
 * /opt/tessera/ipc/runner.sock), retrying while the runner has not made it yet (it appears once
 * the container has started and the bootstrap scripts have run). `gaveUp` is checked between
 * attempts: it throws to stop (the deadline passed, the container exited).
 */
export async function connectRunnerSocket(path: string, gaveUp: () => void): Promise<Socket> {
  for (;;) {
    gaveUp();
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) {
      try {
        return await connectOnce(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' && code !== 'ENOENT') throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
