import { access } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';

const RETRY_MS = 20;

function connectOnce(path: string): Promise<Socket> {
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
