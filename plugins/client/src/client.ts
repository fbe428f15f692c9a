import { AdminApi } from './admin';
import { ApiConfig } from './api-config';
import type { AuthorizedKeypair, CallerRole } from './auth-types';
import { BackendClientError } from './errors';
import type { BatchOptions, ExecuteRequest, ExecutionResult } from './execution-types';
import { ManagerConnection } from './manager-connection';
import { followRun, type RunHandlers, type RunOutcome } from './run-loop';
import type { SessionScheduling } from './scheduling-types';
import { openTerminalStream, type TerminalOptions, type TerminalStream } from './terminal-stream';
import type {
  CreateSessionOptions,
  SessionCommitStarted,
  SessionCommitStatus,
  SessionCreated,
  SessionInfo,
} from './session-types';
import { encodeUpload, type UploadFile } from './upload-body';
import { readTarEntries, splitMultipartMixed, type TarEntry } from './archive-parts';
import {
  BGTASK_FINAL_EVENTS,
  type ApiEvent,
  type BackgroundTaskEvent,
  type SessionEvent,
  type SessionEventsOptions,
} from './event-types';
import {
  followStreamedRun,
  openExecuteStream,
  type ExecuteStream,
  type StreamExecuteRequest,
} from './execute-stream';
import type {
  CheckPresetsAnswer,
  ManagerStatus,
  ResourcePreset,
  SessionFileList,
  SessionMatch,
  UsageRecord,
} from './resource-types';
import { readEventStream, type SseMessage } from './sse';
import { ClientEnvironment } from './environment';
import { VfolderApi } from './vfolders/vfolder-api';
import { parseStorageProxyAddressMap, type StorageProxyAddressMap } from './vfolders/storage-proxy-address';
import {
  DEFAULT_SESSION_FIELDS,
  SESSION_LIST_QUERY,
  type ListSessionsOptions,
  type SessionList,
} from './session-list';

/** Per-call options every method takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Progress of an upload or download: bytes done and the total when known. */
export type ProgressListener = (done: number, total: number | null) => void;

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

  /** Storage-proxy address rewrites for vfolder uploads and downloads (`BACKEND_OVERRIDE_STORAGE_PROXY`). */
  readonly storageProxyAddressMap: StorageProxyAddressMap;

  constructor(
    readonly config: ApiConfig,
    options: { storageProxyAddressMap?: StorageProxyAddressMap } = {},
  ) {
    this.connection = new ManagerConnection(config);
    this.storageProxyAddressMap = options.storageProxyAddressMap ?? new Map();
  }

  /** The config of ApiConfig.fromEnv, and `BACKEND_OVERRIDE_STORAGE_PROXY` (`SORNA_` too). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): Client {
    const override = new ClientEnvironment(env).lookup('OVERRIDE_STORAGE_PROXY');
    return new Client(ApiConfig.fromEnv(env), {
      storageProxyAddressMap: parseStorageProxyAddressMap(override?.value, override?.name),
    });
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
    const { mounts, mountMap } = splitMounts(options.mounts ?? [...this.config.vfolderMounts]);
    const config = dropUndefined({
      resources: options.resources,
      environ: options.env,
      mounts: mounts.length > 0 ? mounts : undefined,
      mount_map: Object.keys(mountMap).length > 0 ? mountMap : undefined,
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
      clusterMode: options.clusterMode,
      dependencies: options.dependencies,
      startsAt: options.startsAt?.toISOString(),
      bootstrapScript: options.bootstrapScript,
      callbackUrl: options.callbackUrl,
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

  /**
   * `POST /session/:id/upload`: puts files under `/home/work` (1 MiB each). Files go in calls of at
   * most 20; `onProgress` hears the bytes sent after each call.
   */
  async upload(
    sessionId: string,
    files: UploadFile[],
    options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
  ): Promise<void> {
    const total = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
    let sent = 0;
    const batches: UploadFile[][] = [];
    for (let first = 0; first < files.length; first += UPLOAD_BATCH) {
      batches.push(files.slice(first, first + UPLOAD_BATCH));
    }
    if (batches.length === 0) batches.push([]); // the manager says what is missing
    for (const batch of batches) {
      await this.connection.request({
        method: 'POST',
        path: `${sessionPath(sessionId)}/upload`,
        multipart: await encodeUpload(batch),
        signal: options.signal,
      });
      sent += batch.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
      options.onProgress?.(sent, total);
    }
  }

  /** `POST /session/:id/rename`: a RUNNING session's new name. */
  async renameSession(sessionId: string, newName: string, options: CallOptions = {}): Promise<void> {
    await this.connection.request({
      method: 'POST',
      path: `${sessionPath(sessionId)}/rename`,
      json: { name: newName },
      signal: options.signal,
    });
  }

  /** `GET /session/:id/status-history`: when the session reached each status (ISO times). */
  async statusHistory(sessionId: string, options: CallOptions = {}): Promise<Record<string, string>> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: `${sessionPath(sessionId)}/status-history`,
      signal: options.signal,
    });
    const result = expectObject<{ result?: unknown }>(data, 'GET /session/:id/status-history').result;
    return typeof result === 'object' && result !== null ? (result as Record<string, string>) : {};
  }

  /**
   * `POST /session/:id/commit`: starts saving the RUNNING session's main kernel as an image
   * archive on its agent and returns where it goes; `getCommitStatus` says when it is written.
   */
  async commitSession(sessionId: string, options: CallOptions = {}): Promise<SessionCommitStarted> {
    const { data } = await this.connection.request({
      method: 'POST',
      path: `${sessionPath(sessionId)}/commit`,
      json: {},
      signal: options.signal,
    });
    return expectObject<SessionCommitStarted>(data, 'POST /session/:id/commit');
  }

  /** `GET /session/:id/commit`: `ongoing` while a commit is written, `ready` after, `''` when not RUNNING. */
  async getCommitStatus(sessionId: string, options: CallOptions = {}): Promise<SessionCommitStatus> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: `${sessionPath(sessionId)}/commit`,
      signal: options.signal,
    });
    return expectObject<SessionCommitStatus>(data, 'GET /session/:id/commit');
  }

  /** `GET /session/_/match`: up to 10 of the caller's sessions whose id or name starts with `prefix`. */
  async matchSessions(prefix: string, options: CallOptions = {}): Promise<SessionMatch[]> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: '/session/_/match',
      query: { id: prefix },
      signal: options.signal,
    });
    const matches = expectObject<{ matches?: unknown }>(data, 'GET /session/_/match').matches;
    return Array.isArray(matches) ? (matches as SessionMatch[]) : [];
  }

  /** `GET /session/:id/files`: the entries of a folder under `/home/work` (default that folder). */
  async listFiles(
    sessionId: string,
    path = '/home/work',
    options: CallOptions = {},
  ): Promise<SessionFileList> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: `${sessionPath(sessionId)}/files`,
      query: { path },
      signal: options.signal,
    });
    const answer = expectObject<{
      files?: unknown;
      errors?: unknown;
      abspath?: unknown;
      folder_path?: unknown;
    }>(data, 'GET /session/:id/files');
    let files: SessionFileList['files'] = [];
    if (typeof answer.files === 'string') {
      try {
        files = JSON.parse(answer.files) as SessionFileList['files'];
      } catch {
        throw new BackendClientError('bad-response', 'the manager sent a file list that is not JSON');
      }
    } else if (Array.isArray(answer.files)) files = answer.files as SessionFileList['files'];
    return {
      files,
      errors: typeof answer.errors === 'string' ? answer.errors : '',
      path: String(answer.folder_path ?? answer.abspath ?? path),
    };
  }

  /**
   * `GET /session/:id/download`: 1 to 5 paths, each answered as a tar archive; returns the entries
   * of every archive in order. `onProgress` hears the bytes received.
   */
  async download(
    sessionId: string,
    files: string[],
    options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
  ): Promise<TarEntry[][]> {
    const answer = await this.connection.requestRaw({
      method: 'GET',
      path: `${sessionPath(sessionId)}/download`,
      query: { files },
      signal: options.signal,
      onDownloadProgress: options.onProgress,
    });
    const type = String(answer.headers['content-type'] ?? '');
    return splitMultipartMixed(answer.body, type).map(readTarEntries);
  }

  /** `GET /session/:id/download_single`: one regular file's bytes. */
  async downloadSingle(
    sessionId: string,
    file: string,
    options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
  ): Promise<Buffer> {
    const answer = await this.connection.requestRaw({
      method: 'GET',
      path: `${sessionPath(sessionId)}/download_single`,
      query: { file },
      signal: options.signal,
      onDownloadProgress: options.onProgress,
    });
    return answer.body;
  }

  /** `POST /session/:id/complete`: code completions from the main kernel. */
  async complete(
    sessionId: string,
    code: string,
    options: { post?: string; line?: string; row?: number; col?: number; signal?: AbortSignal } = {},
  ): Promise<string[]> {
    const { signal, ...position } = options;
    const { data } = await this.connection.request({
      method: 'POST',
      path: `${sessionPath(sessionId)}/complete`,
      json: { code, options: position },
      signal,
    });
    const result = expectObject<{ result?: unknown }>(data, 'POST /session/:id/complete').result;
    return Array.isArray(result) ? result.map(String) : [];
  }

  /** `GET /stream/session/:id/apps` (plain signed GET): the session's app services. */
  async listApps(
    sessionId: string,
    options: CallOptions = {},
  ): Promise<Array<{ name: string; protocol: string; ports: number[] }>> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: `/stream${sessionPath(sessionId)}/apps`,
      signal: options.signal,
    });
    if (!Array.isArray(data)) throw new BackendClientError('bad-response', 'the app list is not a JSON list');
    return data as Array<{ name: string; protocol: string; ports: number[] }>;
  }

  /**
   * Opens `/stream/session/:id/execute` for one run (query or batch). Iterate the stream for the
   * results; answer `waiting-input` with `stream.sendInput(text)`.
   */
  streamExecute(sessionId: string, request: StreamExecuteRequest): Promise<ExecuteStream> {
    return openExecuteStream(this.connection, sessionId, request);
  }

  /**
   * Opens a shell on a pty in the session's main kernel (`/stream/session/:id/pty`): read the
   * output from the handle (or `onOutput`), type with `write`, and await `ended`.
   */
  openTerminal(sessionId: string, options: TerminalOptions = {}): Promise<TerminalStream> {
    return openTerminalStream(this.connection, sessionId, options);
  }

  /** runCode over the execute WebSocket: the same handlers, one socket for the whole run. */
  streamRunCode(sessionId: string, code: string, handlers: RunHandlers = {}): Promise<RunOutcome> {
    return followStreamedRun(
      () =>
        this.streamExecute(sessionId, {
          mode: 'query',
          code,
          runId: handlers.runId,
          signal: handlers.signal,
        }),
      handlers,
    );
  }

  /** runBatch over the execute WebSocket. */
  streamRunBatch(sessionId: string, options: BatchOptions, handlers: RunHandlers = {}): Promise<RunOutcome> {
    return followStreamedRun(
      () =>
        this.streamExecute(sessionId, {
          mode: 'batch',
          options: dropUndefined({ ...options }),
          runId: handlers.runId,
          signal: handlers.signal,
        }),
      handlers,
    );
  }

  /**
   * `GET /events/session` as an async iterator of parsed events. A dropped connection is resumed
   * with `Last-Event-ID` (once by default); a refusal throws BackendAPIError.
   */
  async *sessionEvents(options: SessionEventsOptions = {}): AsyncGenerator<SessionEvent, void, undefined> {
    const messages = readEventStream(this.connection, {
      path: '/events/session',
      query: {
        sessionName: options.sessionName,
        sessionId: options.sessionId,
        ownerAccessKey: options.ownerAccessKey,
        group: options.group,
        scope: options.scope,
      },
      signal: options.signal,
      reconnects: options.reconnects,
      onComment: options.onComment,
      onOpen: options.onOpen,
    });
    for await (const message of messages) yield parseEvent(message) as SessionEvent;
  }

  /**
   * `GET /events/background-task?taskId=`: the task's events until its terminal one
   * (`bgtask_done`, `bgtask_failed`, `bgtask_cancelled`, `bgtask_partial_success`), which is the
   * last the iterator yields.
   */
  async *backgroundTaskEvents(
    taskId: string,
    options: { reconnects?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<BackgroundTaskEvent, void, undefined> {
    const messages = readEventStream(this.connection, {
      path: '/events/background-task',
      query: { taskId },
      signal: options.signal,
      reconnects: options.reconnects,
      isFinal: (message) => BGTASK_FINAL_EVENTS.has(message.event) || message.event === 'server_close',
    });
    for await (const message of messages) {
      if (message.event === 'server_close') return;
      yield parseEvent(message) as BackgroundTaskEvent;
    }
  }

  /** Virtual folders: the /folders API, and resumable uploads and downloads through the storage proxy. */
  get vfolders(): VfolderApi {
    return new VfolderApi(this.connection, { addressMap: this.storageProxyAddressMap });
  }

  /** Every admin area of the GraphQL API: `client.admin.users.page()`, `client.admin.domains.create(...)`, ... */
  get admin(): AdminApi {
    return new AdminApi(this);
  }

  /**
   * `POST /auth/authorize` (public, unsigned): a user's e-mail and password for their keypair, as
   * Backend.AI's web UI and `login` do. The answer's secret key is not enumerable, so printing or
   * logging the result never shows it.
   */
  async authorize(
    domain: string,
    email: string,
    password: string,
    options: CallOptions = {},
  ): Promise<AuthorizedKeypair> {
    const { data } = await this.connection.request({
      method: 'POST',
      path: '/auth/authorize',
      json: { type: 'keypair', domain, username: email, password },
      signed: false,
      signal: options.signal,
    });
    const answer = expectObject<{ data?: Record<string, unknown> }>(data, 'POST /auth/authorize').data;
    if (typeof answer?.access_key !== 'string' || typeof answer.secret_key !== 'string') {
      throw new BackendClientError(
        'bad-response',
        'the manager answered POST /auth/authorize without a keypair',
      );
    }
    const keypair = {
      accessKey: answer.access_key,
      role: String(answer.role ?? ''),
      status: String(answer.status ?? ''),
    } as AuthorizedKeypair;
    Object.defineProperty(keypair, 'secretKey', { value: answer.secret_key, enumerable: false });
    return keypair;
  }

  /** `POST /auth/update-password`: the caller's own password (the old one must match). */
  async updatePassword(
    oldPassword: string,
    newPassword: string,
    options: CallOptions & { newPasswordConfirm?: string } = {},
  ): Promise<void> {
    await this.connection.request({
      method: 'POST',
      path: '/auth/update-password',
      json: {
        old_password: oldPassword,
        new_password: newPassword,
        new_password2: options.newPasswordConfirm ?? newPassword,
      },
      signal: options.signal,
    });
  }

  /** `GET /auth/role`: the caller's roles; with `group` (a project id), whether they are in it. */
  async role(options: CallOptions & { group?: string } = {}): Promise<CallerRole> {
    const answer = await this.getObject<Record<string, unknown>>(
      '/auth/role',
      options.group ? { group: options.group } : undefined,
      options,
    );
    return {
      globalRole: String(answer.global_role ?? ''),
      domainRole: String(answer.domain_role ?? ''),
      groupRole: typeof answer.group_role === 'string' ? answer.group_role : null,
    };
  }

  /** `POST /auth/signout`: deactivates the caller's own account and keypairs (their e-mail and password confirm it). */
  async signout(email: string, password: string, options: CallOptions = {}): Promise<void> {
    await this.connection.request({
      method: 'POST',
      path: '/auth/signout',
      json: { email, password },
      signal: options.signal,
    });
  }

  /** `POST /admin/graphql`: the `data` object; a GraphQL error throws BackendAPIError (400 graphql-error). */
  async graphql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<T> {
    const { data } = await this.connection.request({
      method: 'POST',
      path: '/admin/graphql',
      json: { query, variables },
      signal: options.signal,
    });
    return expectObject<T>(data, 'POST /admin/graphql');
  }

  /** The caller's sessions (or, for admins, others') through GraphQL `compute_session_list`. */
  async listSessions(options: ListSessionsOptions = {}): Promise<SessionList> {
    const fields = options.fields ?? DEFAULT_SESSION_FIELDS;
    for (const field of fields) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*( *\{[^{}]*\})?$/.test(field)) {
        throw new BackendClientError('config-invalid', `"${field}" is not a ComputeSession field name`);
      }
    }
    const status = Array.isArray(options.status) ? options.status.join(',') : options.status;
    const answer = await this.graphql<{ compute_session_list?: SessionList }>(
      SESSION_LIST_QUERY.replace('FIELDS', fields.join(' ')),
      dropUndefined({
        limit: options.limit ?? 20,
        offset: options.offset ?? 0,
        status: status || undefined,
        order_key: options.orderKey,
        order_asc: options.orderAsc,
        access_key: options.accessKey,
        domain_name: options.domainName,
        group_id: options.groupId,
      }),
      { signal: options.signal },
    );
    const list = answer.compute_session_list;
    if (!list || !Array.isArray(list.items)) {
      throw new BackendClientError('bad-response', 'the manager answered compute_session_list without items');
    }
    return list;
  }

  /** `GET /config/resource-slots` (public): every slot type and its unit. */
  async resourceSlots(options: CallOptions = {}): Promise<Record<string, string>> {
    return this.getObject('/config/resource-slots', undefined, options, false);
  }

  /** `GET /config/resource-slots/details`: display data per slot; with `scalingGroup`, that group's. */
  async resourceSlotDetails(
    options: { scalingGroup?: string; signal?: AbortSignal } = {},
  ): Promise<Record<string, Record<string, unknown>>> {
    return this.getObject('/config/resource-slots/details', { sgroup: options.scalingGroup }, options);
  }

  /** `GET /config/vfolder-types` (public). */
  async vfolderTypes(options: CallOptions = {}): Promise<string[]> {
    const { data } = await this.connection.request({
      method: 'GET',
      path: '/config/vfolder-types',
      signed: false,
      signal: options.signal,
    });
    return Array.isArray(data) ? data.map(String) : [];
  }

  /** `GET /scaling-groups?group=`: the resource groups a project may use. */
  async scalingGroups(group: string, options: CallOptions = {}): Promise<Array<{ name: string }>> {
    const answer = await this.getObject<{ scaling_groups?: Array<{ name: string }> }>(
      '/scaling-groups',
      { group },
      options,
    );
    return answer.scaling_groups ?? [];
  }

  /** `GET /resource/presets`: the global presets, and a resource group's with `scalingGroup`. */
  async resourcePresets(
    options: { scalingGroup?: string; signal?: AbortSignal } = {},
  ): Promise<ResourcePreset[]> {
    const answer = await this.getObject<{ presets?: ResourcePreset[] }>(
      '/resource/presets',
      { scaling_group: options.scalingGroup },
      options,
    );
    return answer.presets ?? [];
  }

  /** `POST /resource/check-presets`: which presets fit now, and the caller's limits and use. */
  async checkPresets(
    options: { group?: string; scalingGroup?: string; signal?: AbortSignal } = {},
  ): Promise<CheckPresetsAnswer> {
    const { data } = await this.connection.request({
      method: 'POST',
      path: '/resource/check-presets',
      json: dropUndefined({ group: options.group ?? this.config.group, scaling_group: options.scalingGroup }),
      signal: options.signal,
    });
    return expectObject<CheckPresetsAnswer>(data, 'POST /resource/check-presets');
  }

  /** `GET /resource/usage/month` (superadmin): `month` is `yyyymm`. */
  async usageMonth(
    month: string,
    options: { groupIds?: string[]; signal?: AbortSignal } = {},
  ): Promise<UsageRecord[]> {
    return this.getList('/resource/usage/month', { month, group_ids: options.groupIds?.join(',') }, options);
  }

  /** `GET /resource/usage/period` (superadmin): dates are `yyyymmdd`, both included. */
  async usagePeriod(
    startDate: string,
    endDate: string,
    options: { groupId?: string; signal?: AbortSignal } = {},
  ): Promise<UsageRecord[]> {
    return this.getList(
      '/resource/usage/period',
      { start_date: startDate, end_date: endDate, group_id: options.groupId },
      options,
    );
  }

  /** `GET /resource/stats/user/month`: the caller's 30-day statistics in 15-minute bins. */
  async userMonthStats(options: CallOptions = {}): Promise<unknown[]> {
    return this.getList('/resource/stats/user/month', undefined, options);
  }

  /** `GET /resource/stats/admin/month` (superadmin). */
  async adminMonthStats(options: CallOptions = {}): Promise<unknown[]> {
    return this.getList('/resource/stats/admin/month', undefined, options);
  }

  /** `GET /manager/status`. */
  async managerStatus(options: CallOptions = {}): Promise<ManagerStatus> {
    return this.getObject<ManagerStatus>('/manager/status', undefined, options);
  }

  /** `PUT /manager/status` (superadmin): `frozen` refuses new sessions. */
  async setManagerStatus(status: 'running' | 'frozen', options: CallOptions = {}): Promise<void> {
    await this.connection.request({
      method: 'PUT',
      path: '/manager/status',
      json: { status },
      signal: options.signal,
    });
  }

  private async getObject<T>(
    path: string,
    query: Record<string, string | undefined> | undefined,
    options: CallOptions,
    signed = true,
  ): Promise<T> {
    const { data } = await this.connection.request({
      method: 'GET',
      path,
      query,
      signed,
      signal: options.signal,
    });
    return expectObject<T>(data, `GET ${path}`);
  }

  private async getList<T>(
    path: string,
    query: Record<string, string | undefined> | undefined,
    options: CallOptions,
  ): Promise<T[]> {
    const { data } = await this.connection.request({ method: 'GET', path, query, signal: options.signal });
    if (!Array.isArray(data))
      throw new BackendClientError('bad-response', `the manager answered GET ${path} without a list`);
    return data as T[];
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

const UPLOAD_BATCH = 20;

function parseEvent(message: SseMessage): ApiEvent {
  let data: unknown;
  try {
    data = message.data === '' ? {} : JSON.parse(message.data);
  } catch {
    throw new BackendClientError(
      'bad-response',
      `the event "${message.event}" carries data that is not JSON`,
    );
  }
  return { id: message.id, event: message.event, data: (data ?? {}) as Record<string, unknown> };
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

/**
 * `name`, `name:path` or `name=path` (as Backend.AI's CLI takes `-m`) into the wire's `mounts`
 * (the names) and `mount_map` (name -> path in the kernel). vfolder names hold neither `:` nor `=`.
 */
export function splitMounts(specs: readonly string[]): {
  mounts: string[];
  mountMap: Record<string, string>;
} {
  const mounts: string[] = [];
  const mountMap: Record<string, string> = {};
  for (const spec of specs) {
    const cut = spec.search(/[:=]/);
    const name = cut < 0 ? spec : spec.slice(0, cut);
    mounts.push(name);
    if (cut >= 0) mountMap[name] = spec.slice(cut + 1);
  }
  return { mounts, mountMap };
}
