import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on, as the kernel hands one out: for a server a test starts
 * (it may be taken again by the time it is used) or for "the server does not answer" tests.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
