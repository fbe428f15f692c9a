import type { NamedRegistry } from './named-registry';
import { contractToken } from './token';

/** A route from a public frontend slot to a service port inside a kernel. */
export interface Circuit {
  id: string;
  sessionId: string;
  app: string;
  protocol: 'http' | 'tcp';
  target: { host: string; port: number };
}

/**
 * app-proxy-frontend/v1: how the app proxy exposes circuits (port mode, wildcard subdomain).
 * `open` returns the URL users reach the app at; `close` is idempotent.
 */
export interface AppProxyFrontend {
  readonly name: string;
  open(circuit: Circuit): Promise<{ url: string }>;
  close(circuitId: string): Promise<void>;
}
export const AppProxyFrontendRegistry = contractToken<NamedRegistry<AppProxyFrontend>>('app-proxy-frontend');
