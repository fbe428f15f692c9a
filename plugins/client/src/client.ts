import { ApiConfig } from './api-config';
import { BackendClientError } from './errors';
import type { BatchOptions, ExecuteRequest, ExecutionResult } from './execution-types';
import { ManagerConnection } from './manager-connection';
import { followRun, type RunHandlers, type RunOutcome } from './run-loop';
import type { SessionScheduling } from './scheduling-types';
import type { CreateSessionOptions, SessionCreated, SessionInfo } from './session-types';
import { encodeUpload, type UploadFile } from './upload-body';

/** What `POST /session/:id/start-service` answers. */
export interface ServiceStarted {
  token: string;
  wsproxy_addr: string;
  service?: string;
  protocol?: string;
  status?: 'started' | 'already-running';
  kernel_host?: string;
  kernel_port?: number;
}

export interface ServerVersion {
  /** The newest API version the manager speaks, e.g. `v9.20250722`. */
  version: string;
  /** The manager's own version. */
  manager?: string;
  [field: string]: unknown;
}

/**
 * The Backend.AI API client. It does no I/O until a method is called; every method is one
 * API call except runCode/runBatch, which drive a whole run.
 */
export class Client {
  private readonly connection: ManagerConnection;

  constructor(readonly config: ApiConfig) {
    this.connection = new ManagerConnection(config);
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): Client {
    return new Client(ApiConfig.fromEnv(env));
  }

  /** The endpoint requests currently go to (it changes after a fail-over). */
  get endpoint(): URL {
    return this.connection.activeEndpoint;
  }

  /** `GET /`: public, unsigned. */
  async version(options: { signal?: AbortSignal } = {}): Promise<ServerVersion> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: '/',
      signed: false,
      signal: options.signal,
    });
    return expectObject<ServerVersion>(data, 'GET /');
  }

  /** `POST /session`: creates a session, or returns the running one of that name. */
  async createSession(options: CreateSessionOptions): Promise<SessionCreated> {
    const mounts = options.mounts ?? [...this.config.vfolderMounts];
    const config = dropUndefined({
      resources: options.resources,
      environ: options.env,
      mounts: mounts.length > 0 ? mounts : undefined,
      clusterSize: options.clusterSize,
    });
    const body = dropUndefined({
      image: options.image,
      clientSessionToken: options.name,
      enqueueOnly: options.enqueueOnly,
      maxWaitSeconds: options.maxWaitSeconds,
      reuseIfExists: options.reuseIfExists,
      type: options.type,
      group: options.group ?? this.config.group,
      domain: options.domain ?? this.config.domain,
      startupCommand: options.startupCommand,
      tag: options.tag,
      config,
    });
    const { data } = await this.connection.request({
      method: 'POST',
      path: '/session',
      json: body,
      signal: options.signal,
    });
    return expectObject<SessionCreated>(data, 'POST /session');
  }

  /** `GET /session/:id`. */
  async getSession(sessionId: string, options: { signal?: AbortSignal } = {}): Promise<SessionInfo> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: sessionPath(sessionId),
      signal: options.signal,
    });
    return expectObject<SessionInfo>(data, 'GET /session/:id');
  }

  /**
   * `GET /session/:id/scheduling`: why a pending session still waits (every predicate's verdict,
   * per agent the filter that rejected it and what was missing), or where a placed one went.
   */
  async sessionScheduling(
    sessionId: string,
    options: { ownerAccessKey?: string; signal?: AbortSignal } = {},
  ): Promise<SessionScheduling> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: `${sessionPath(sessionId)}/scheduling`,
      query: options.ownerAccessKey ? { owner_access_key: options.ownerAccessKey } : undefined,
      signal: options.signal,
    });
    return expectObject<SessionScheduling>(data, 'GET /session/:id/scheduling');
  }

  /** `DELETE /session/:id`; returns the usage statistics when the manager sends them. */
  async destroySession(
    sessionId: string,
    options: { forced?: boolean; signal?: AbortSignal } = {},
  ): Promise<Record<string, unknown> | undefined> {
    const { data } = await this.connection.request({
      method: 'DELETE',
      path: sessionPath(sessionId),
      query: options.forced ? { forced: 'true' } : undefined,
      signal: options.signal,
    });
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  }

  /**
   * `POST /session/:id/start-service`: starts one of the session's app services (`jupyter`, ...)
   * in its main kernel. Until an app proxy exists the answer's `token` and `wsproxy_addr` are empty;
   * `kernel_host` and `kernel_port` say where the service is published on the agent's host.
   */
  async startService(
    sessionId: string,
    app: string,
    options: {
      port?: number;
      envs?: Record<string, string>;
      arguments?: Record<string, unknown>;
      signal?: AbortSignal;
    } = {},
  ): Promise<ServiceStarted> {
    const { data } = await this.connection.request({
      method: 'POST',
      path: `${sessionPath(sessionId)}/start-service`,
      json: {
        app,
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.envs ? { envs: JSON.stringify(options.envs) } : {}),
        ...(options.arguments ? { arguments: JSON.stringify(options.arguments) } : {}),
      },
      signal: options.signal,
    });
    return expectObject<ServiceStarted>(data, 'POST /session/:id/start-service');
  }

  /** `GET /session/:id/logs`: the console log of the session's main kernel (or of `kernelId`). */
  async getLogs(
    sessionId: string,
    options: { kernelId?: string; signal?: AbortSignal } = {},
  ): Promise<string> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: `${sessionPath(sessionId)}/logs`,
      query: options.kernelId ? { kernel_id: options.kernelId } : undefined,
      signal: options.signal,
    });
    const logs = expectObject<{ result?: { logs?: unknown } }>(data, 'GET /session/:id/logs').result?.logs;
    return typeof logs === 'string' ? logs : '';
  }

  /** `POST /session/:id/interrupt`: asks the kernel to interrupt the current run. */
  async interrupt(sessionId: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.connection.request({
      method: 'POST',
      path: `${sessionPath(sessionId)}/interrupt`,
      json: {},
      signal: options.signal,
    });
  }

  /** `POST /session/:id/upload`: puts files under `/home/work` (1 MiB each, 20 per call). */
  async upload(
    sessionId: string,
    files: UploadFile[],
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    await this.connection.request({
      method: 'POST',
      path: `${sessionPath(sessionId)}/upload`,
      multipart: await encodeUpload(files),
      signal: options.signal,
    });
  }

  /** `POST /session/:id`: one execute call. */
  async execute(sessionId: string, request: ExecuteRequest): Promise<ExecutionResult> {
    const { data } = await this.connection.request({
      method: 'POST',
      path: sessionPath(sessionId),
      json: {
        mode: request.mode,
        runId: request.runId,
        code: request.code ?? '',
        options: request.options ?? null,
      },
      signal: request.signal,
    });
    const result = expectObject<{ result?: ExecutionResult }>(data, 'POST /session/:id').result;
    if (typeof result !== 'object' || result === null) {
      throw new BackendClientError('bad-response', 'the manager answered the execute call without a result');
    }
    return result;
  }

  /** Runs a code snippet in query mode until it finishes, streaming its output to onOutput. */
  runCode(sessionId: string, code: string, handlers: RunHandlers = {}): Promise<RunOutcome> {
    return followRun((request) => this.execute(sessionId, request), { mode: 'query', code }, handlers);
  }

  /** Runs the clean, build and exec steps of batch mode until the run finishes. */
  runBatch(sessionId: string, options: BatchOptions, handlers: RunHandlers = {}): Promise<RunOutcome> {
    return followRun(
      (request) => this.execute(sessionId, request),
      { mode: 'batch', code: '', options: dropUndefined({ ...options }) },
      handlers,
    );
  }
}

function sessionPath(sessionId: string): string {
  return `/session/${encodeURIComponent(sessionId)}`;
}

function expectObject<T>(data: unknown, call: string): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new BackendClientError('bad-response', `the manager answered ${call} without a JSON object`);
  }
  return data as T;
}

function dropUndefined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
