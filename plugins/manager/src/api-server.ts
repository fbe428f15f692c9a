import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject, injectable } from 'tsyringe';
import { Database, Logger, type RateLimitStore } from '@tessera/core';
import { buildApiApp } from './api/api-app';
import { requestAuthenticator, type RequestAuthenticator } from './api/auth/auth-middleware';
import { RequestRateLimiter } from './api/rate-limit/request-rate-limiter';
import { StreamServer } from './api/stream-server';
import type { AccessPolicy } from './access/access-policy';
import {
  HostAccessPolicy,
  HostContributions,
  HostManagerStatus,
  HostRateLimitStore,
  HostSettings,
} from './host-settings';

/**
 * The REST API's HTTP server. The Koa app and the WebSocket stream server are built when the
 * server starts, from the routes and GraphQL types the feature plugins contributed (they have all
 * initialised and started by then); `upgrade` requests go to the stream server.
 */
@injectable()
export class ApiServer {
  private server: Server | undefined;
  private streams: StreamServer | undefined;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(Logger) private readonly log: Logger,
    @inject(HostSettings) private readonly settings: HostSettings,
    @inject(HostContributions) private readonly contributions: HostContributions,
    @inject(HostRateLimitStore) private readonly rateLimitStore: RateLimitStore,
    @inject(HostAccessPolicy) private readonly access: AccessPolicy,
    @inject(HostManagerStatus) private readonly status: HostManagerStatus,
  ) {}

  async listen(): Promise<void> {
    const { config, managerVersion } = this.settings;
    const maxClockSkewMs = config.auth.maxClockSkew * 1000;
    const rateLimit = {
      store: this.rateLimitStore,
      windowMs: config.rateLimit.window * 1000,
      defaultLimit: config.rateLimit.defaultLimit,
    };
    const authenticate = requestAuthenticator({ keypairs: this.db.keypairs, log: this.log, maxClockSkewMs });
    const limiter = new RequestRateLimiter({ ...rateLimit, now: () => new Date(), log: this.log });
    // WebSocket handshakes count as requests too; one past the limit is refused before the upgrade.
    const authenticateAndCount: RequestAuthenticator = async (request, originalUrl) => {
      const state = await authenticate(request, originalUrl);
      await limiter.admit(state.keypair);
      return state;
    };
    const streams = new StreamServer({
      routes: this.contributions.streams,
      authenticate: authenticateAndCount,
      access: this.access,
      log: this.log,
      maxMessageBytes: config.api.maxWebSocketMessageSize,
    });
    const app = buildApiApp({
      keypairs: this.db.keypairs,
      log: this.log,
      managerVersion,
      maxClockSkewMs,
      allowGraphqlIntrospection: config.api.allowGraphqlSchemaIntrospection,
      hideAgents: config.api.hideAgents,
      routes: this.contributions.routes,
      graphqlTypes: this.contributions.graphqlTypes,
      adminSchema: this.contributions.adminSchema,
      isStreamPath: (path) => streams.isStreamPath(path),
      maxJsonBodyBytes: config.api.maxJsonBodySize,
      rateLimit,
      access: this.access,
      isFrozen: () => this.status.isFrozen(),
    });
    const server = createServer(app.callback());
    server.on('upgrade', (request, socket, head) => streams.handleUpgrade(request, socket, head));
    this.server = server;
    this.streams = streams;
    const { host, port } = config.service;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.log.info('manager API listening', { url: this.url() });
  }

  /** The API's base URL once listening (`http://127.0.0.1:8091`). */
  url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return '';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Stops accepting connections, ends the open streams (see StreamServer.close), then the rest. */
  async close(): Promise<void> {
    const server = this.server;
    const streams = this.streams;
    if (!server) return;
    this.server = undefined;
    this.streams = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await streams?.close();
    server.closeAllConnections();
    await closed;
  }
}
