import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TesseraError } from '@tessera/core';

/** `http://host:port` from the config as host and port. */
export function parseListen(field: string, value: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TesseraError(
      'config-invalid',
      `storage-proxy ${field} must be http://host:port, not "${value}"`,
      { field },
    );
  }
  const port = Number(url.port || '80');
  if (url.protocol !== 'http:' || !Number.isInteger(port)) {
    throw new TesseraError(
      'config-invalid',
      `storage-proxy ${field} must be http://host:port, not "${value}"`,
      { field },
    );
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** Starts an HTTP server on `listen`; resolves once it listens. */
export async function listen(field: string, listenUrl: string, handler: RequestListener): Promise<Server> {
  const { host, port } = parseListen(field, listenUrl);
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 65_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new TesseraError(
          'config-invalid',
          `storage-proxy cannot listen on ${listenUrl} (${field}): ${error.message}`,
          { field },
          {},
          { cause: error },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** The URL a listening server answers on. */
export function serverUrl(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
