import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeypairRecord, KeypairRepository, RateLimitStore } from '@tessera/core';
import { buildApiApp, MemoryRateLimitStore, type ApiRouteContribution } from '@tessera/manager';
import { signRequest } from '@tessera/signing';
import { RecordingLogger } from '../../../support/recording-logger';

export const API_VERSION = 'v9.20250722';
export const WINDOW_SECONDS = 900;

/** A keypair of the app under test; `rateLimit` is what the tests vary. */
export function keypair(accessKey: string, rateLimit: number): KeypairRecord {
  return {
    accessKey,
    secretKey: `secret-of-${accessKey}`,
    userId: `user-${accessKey}`,
    userEmail: `${accessKey.toLowerCase()}@example.com`,
    userRole: 'user',
    domainName: 'default',
    isActive: true,
    isAdmin: false,
    rateLimit,
    resourcePolicy: 'default',
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json(): Record<string, unknown>;
}

/**
 * The manager's real API app (`buildApiApp`) on a local port, with the given keypairs, routes
 * and rate-limit store, and a clock the test moves: no kernel, no database.
 */
export class ApiAppHarness {
  readonly log = new RecordingLogger();
  /** The API's clock, in ms since the epoch. */
  nowMs: number;
  private server: Server | undefined;
  private url = '';

  constructor(
    private readonly options: {
      keypairs: KeypairRecord[];
      routes: ApiRouteContribution[];
      store?: RateLimitStore;
      defaultLimit?: number;
      startMs?: number;
      maxJsonBodyBytes?: number;
    },
  ) {
    this.nowMs = options.startMs ?? Date.UTC(2026, 0, 1);
  }

  async start(): Promise<void> {
    const byKey = new Map(this.options.keypairs.map((k) => [k.accessKey, k]));
    const keypairs: KeypairRepository = {
      findByAccessKey: (accessKey) => Promise.resolve(byKey.get(accessKey) ?? null),
      touchLastUsed: () => Promise.resolve(),
    };
    const app = buildApiApp({
      keypairs,
      log: this.log,
      managerVersion: '0.0.0-test',
      maxClockSkewMs: 900_000,
      allowGraphqlIntrospection: false,
      hideAgents: true,
      routes: this.options.routes,
      graphqlTypes: [],
      maxJsonBodyBytes: this.options.maxJsonBodyBytes ?? 1024 * 1024,
      rateLimit: {
        store: this.options.store ?? new MemoryRateLimitStore({ maxKeys: 100 }),
        windowMs: WINDOW_SECONDS * 1000,
        defaultLimit: this.options.defaultLimit ?? 30000,
      },
      now: () => new Date(this.nowMs),
    });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A request signed by `caller` at the API's current time (unsigned when `caller` is null). */
  async call(caller: KeypairRecord | null, method: string, path: string, body?: string): Promise<Answer> {
    const url = new URL(path, this.url);
    const date = new Date(this.nowMs).toISOString();
    const headers: Record<string, string> = {
      Date: date,
      'Content-Type': 'application/json',
      'X-BackendAI-Version': API_VERSION,
    };
    if (caller) {
      headers['Authorization'] = signRequest({
        method,
        pathWithQuery: url.pathname + url.search,
        rawDate: date,
        host: url.host,
        contentType: 'application/json',
        apiVersion: API_VERSION,
        accessKey: caller.accessKey,
        secretKey: caller.secretKey,
      }).authorization;
    }
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  }
}

/** The three rate-limit headers of an answer. */
export function rateLimitHeaders(answer: Answer): {
  limit: string | null;
  remaining: string | null;
  window: string | null;
} {
  return {
    limit: answer.headers.get('x-ratelimit-limit'),
    remaining: answer.headers.get('x-ratelimit-remaining'),
    window: answer.headers.get('x-ratelimit-window'),
  };
}
