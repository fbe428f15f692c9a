import type { AgentRpc, AgentRpcTransport, Logger } from '@tessera/core';
import { parseHttpRpcAddress } from './address';
import type { Config } from './config.generated';
import { HttpAgentRpcClient, type ClientSettings } from './rpc-client';
import { serveHttpRpc, type HttpRpcServing, type ServerSettings } from './rpc-server';
import type { SigningSecret } from './signing-secret';

export type HttpTransportSettings = ClientSettings & ServerSettings;

/** The transport's settings from the plugin config (seconds there, milliseconds here). */
export function settingsFromConfig(config: Config): HttpTransportSettings {
  return {
    callTimeoutMs: config.callTimeout * 1000,
    retries: config.retries,
    maxBodySize: config.maxBodySize,
    maxClockSkewMs: config.maxClockSkew * 1000,
  };
}

/**
 * Agent RPC over `http://`: `serve` runs a signed JSON-over-HTTP server for an agent's RPC
 * handler, `connect` gives the manager a client of one agent (one per address, cached, each with
 * its keep-alive connection pool). Settings may be replaced at run time (`update`); calls and
 * requests read them as they start.
 */
export class HttpAgentRpcTransport implements AgentRpcTransport {
  readonly scheme = 'http';
  private readonly clients = new Map<string, HttpAgentRpcClient>();
  private readonly servings = new Set<HttpRpcServing>();

  constructor(
    private settings: HttpTransportSettings,
    private readonly secret: SigningSecret,
    private readonly log: Logger,
    private readonly onServe: (url: string) => void = () => undefined,
  ) {}

  update(settings: HttpTransportSettings): void {
    this.settings = settings;
  }

  async serve(address: string, rpc: AgentRpc): Promise<HttpRpcServing> {
    const serving = await serveHttpRpc(address, rpc, this.secret, () => this.settings, this.log);
    this.servings.add(serving);
    this.log.info('serving agent RPC', { address, url: serving.url });
    this.onServe(serving.url);
    return {
      url: serving.url,
      server: serving.server,
      close: async () => {
        this.servings.delete(serving);
        await serving.close();
      },
    };
  }

  connect(address: string): AgentRpc {
    const parsed = parseHttpRpcAddress(address);
    let client = this.clients.get(parsed.origin);
    if (!client) {
      client = new HttpAgentRpcClient(parsed, this.secret, () => this.settings, this.log);
      this.clients.set(parsed.origin, client);
    }
    return client;
  }

  /** Stops every server it started and closes every client's connections. */
  async close(): Promise<void> {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    await Promise.all([...this.servings].map((serving) => serving.close()));
    this.servings.clear();
  }
}
