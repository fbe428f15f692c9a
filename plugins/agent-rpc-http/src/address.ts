import { TesseraError } from '@tessera/core';

/** Backend.AI agents listen for RPC on port 6001 (`rpc-listen-addr`); an address without a port means it. */
export const DEFAULT_RPC_PORT = 6001;

/** Host and port of an `http://host[:port]` agent address; `origin` is its normal form. */
export interface HttpRpcAddress {
  /** The host as `listen` and `request` take it: an IPv6 literal without its brackets. */
  host: string;
  port: number;
  /** `http://host:port` with the port always written, the key of a client cache. */
  origin: string;
}

/**
 * Parses an agent RPC address. Only `http:` with no path, query, fragment or credentials: the
 * transport owns the paths (`/rpc/<method>`), so anything else is a mistake in an address.
 */
export function parseHttpRpcAddress(address: string): HttpRpcAddress {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw invalid(address, 'it is not a URL');
  }
  if (url.protocol !== 'http:')
    throw invalid(address, `its scheme is ${url.protocol.slice(0, -1)}, not http`);
  if (url.username || url.password) throw invalid(address, 'it carries credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid(address, "it has a path, query or fragment (agent RPC paths are the transport's own)");
  }
  // URL drops a port equal to the scheme's default (80): read the authority to tell `:80` from none.
  const authority = address.slice(address.indexOf('//') + 2).split(/[/?#]/)[0];
  const port = url.port !== '' ? Number(url.port) : /:80$/.test(authority) ? 80 : DEFAULT_RPC_PORT;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port, origin: `http://${url.hostname}:${port}` };
}

function invalid(address: string, why: string): TesseraError {
  return new TesseraError(
    'config-invalid',
    `agent RPC address ${address} is not http://host[:port]: ${why}`,
    {
      address,
    },
  );
}
