import type { ExecuteRequest, ExecutionResult } from '@tessera/core';
import {
  DEFAULT_PROJECT_ID,
  bootGraphQLManager,
  statusReached,
  type Caller,
} from '../../manager/graphql-harness';
import {
  sdkClient,
  sdkFailure,
  type BackendAiClient,
  type ManagerDeployment,
  type SdkError,
} from '../../manager/support/manager-deployment';
import type { ScriptedAgent } from '../../manager/support/scripted-agent';

export { ALICE, BOB, SUPERADMIN, type Caller } from '../../manager/graphql-harness';

/** Alice's user id in the GraphQL tests' tenants (in no project there; bootInteropManager puts her in `default`). */
export const ALICE_USER_ID = 'd1f0c7a2-1111-4a4a-9b9b-000000000002';
export { eventually, type ManagerDeployment, type SdkError } from '../../manager/support/manager-deployment';
export { sdkFailure, statusReached };

/** A request as the SDK's `newSignedRequest` builds it for `fetch`. */
export interface SdkRequest {
  method: string;
  headers: Headers;
  body: unknown;
  uri: string;
}

/** What the SDK's EventSource-returning call hands back (a browser EventSource, here the stub below). */
export interface OpenedEventSource {
  url: string;
  withCredentials: boolean;
  /** The answer to the request the stub sent, as a browser's EventSource sends it: no Authorization. */
  response: Promise<Response>;
  close(): void;
}

/** Every user-API call of `backend.ai-client` 21.3.1 these tests make (see the SDK's source). */
export interface InteropClient extends BackendAiClient {
  _config: { endpoint: string; accessKey: string; apiVersion: string };
  _apiVersionMajor: string | null;
  readonly managerVersion: string | null;
  getServerVersion(): Promise<{ version: string; manager: string }>;
  supports(feature: string): boolean;
  get_resource_slots(): Promise<Record<string, string>>;
  createSessionFromTemplate(
    templateId: string,
    image?: string | null,
    sessionName?: string | null,
    resources?: Record<string, unknown>,
    timeout?: number,
  ): Promise<Record<string, unknown>>;
  get_info(sessionId: string, ownerKey?: string | null): Promise<Record<string, unknown>>;
  get_logs(
    sessionId: string,
    ownerKey?: string | null,
    timeout?: number,
  ): Promise<{ result: { logs: string } }>;
  getTaskLogs(sessionName: string): Promise<unknown>;
  destroy(sessionId: string, ownerKey?: string | null, forced?: boolean): Promise<unknown>;
  restart(sessionId: string, ownerKey?: string | null): Promise<unknown>;
  execute(
    sessionId: string,
    runId: string | undefined,
    mode: string,
    code: string,
    opts?: unknown,
  ): Promise<{ result: Record<string, unknown> }>;
  createKernel(
    kernelType: string,
    sessionId?: string,
    resources?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  runCode(
    code: string,
    sessionId: string,
    runId: string,
    mode: string,
  ): Promise<{ result: Record<string, unknown> }>;
  refreshKernel(sessionId: string, ownerKey?: string | null): Promise<unknown>;
  destroyKernel(sessionId: string, ownerKey?: string | null): Promise<unknown>;
  shutdown_service(sessionId: string, serviceName: string): Promise<unknown>;
  upload(sessionId: string, path: string, file: Blob): Promise<unknown>;
  download(sessionId: string, files: string[]): Promise<Blob>;
  download_single(sessionId: string, file: string): Promise<Blob>;
  fetchSSHKeypair(): Promise<Record<string, unknown>>;
  refreshSSHKeypair(): Promise<Record<string, unknown>>;
  signout(userId: string, password: string): Promise<unknown>;
  update_full_name(email: string, fullName: string): Promise<unknown>;
  update_password(oldPassword: string, newPassword: string, newPassword2: string): Promise<unknown>;
  newSignedRequest(method: string, path: string, body: unknown): SdkRequest;
  _wrapWithPromise(request: SdkRequest, rawFile?: boolean): Promise<Record<string, unknown>>;
  resourcePreset: {
    list(param?: unknown): Promise<{ presets: Array<Record<string, unknown>> }>;
    check(param?: unknown): Promise<Record<string, unknown>>;
  };
  scalingGroup: { list(group?: string): Promise<{ scaling_groups: Array<{ name: string }> }> };
  resources: { user_stats(): Promise<Array<Record<string, unknown>>> };
  sessionTemplate: { list(listAll?: boolean, groupId?: string | null): Promise<unknown> };
  service: { get_announcement(): Promise<Record<string, unknown>> };
  userConfig: {
    get_bootstrap_script(): Promise<unknown>;
    update_bootstrap_script(script: string): Promise<unknown>;
    create(data: string, path: string): Promise<unknown>;
    get(): Promise<unknown>;
    update(data: string, path: string): Promise<unknown>;
    delete(path: string): Promise<unknown>;
  };
  maintenance: { attach_background_task(taskId: string): OpenedEventSource };
}

/**
 * The features whose routes the SDK calls, on the GraphQL tests' tenants (Alice, Bob, ...), with
 * Alice in the default project; Bob stays outside every project (the refused side).
 */
export async function bootInteropManager(): Promise<ManagerDeployment> {
  const deployment = await bootGraphQLManager({
    features: [
      { package: '@tessera/manager-streams' },
      { package: '@tessera/manager-events' },
      { package: '@tessera/manager-resources' },
      { package: '@tessera/manager-session-files' },
      { package: '@tessera/manager-identity' },
      { package: '@tessera/manager-images' },
    ],
  });
  await deployment.db.fixtures.populate({
    association_groups_users: [{ group_id: DEFAULT_PROJECT_ID, user_id: ALICE_USER_ID }],
  });
  return deployment;
}

/**
 * An SDK client as a web app sets it up: the keypair and endpoint, then `get_manager_version`
 * (which learns the API version and switches the session prefix to `/session`).
 */
export async function clientFor(deployment: ManagerDeployment, caller: Caller): Promise<InteropClient> {
  const client = sdkClient(deployment.endpoint, caller.secretKey, caller.accessKey) as InteropClient;
  await client.get_manager_version();
  return client;
}

/**
 * Creates a session with the SDK and waits for its answer (the SDK's createIfNotExists without
 * enqueueOnly waits until the session runs); answers its id.
 */
export async function runSession(client: InteropClient, name: string): Promise<string> {
  const created = await client.createIfNotExists('python', name, { cpu: 1, mem: '1g' });
  if (created['status'] !== 'RUNNING') throw new Error(`${name} is ${String(created['status'])}`);
  return created['sessionId'] as string;
}

/** The SDK's thrown error object, with the request it reports. */
export interface InteropSdkError extends SdkError {
  statusText: string;
  requestMethod: string;
  requestUrl: string;
}

/** The SDK's error for a call that must fail, checked to be a server answer (not a network one). */
export async function serverFailure(call: Promise<unknown>): Promise<InteropSdkError> {
  const failure = (await sdkFailure(call)) as InteropSdkError;
  if (typeof failure.statusCode !== 'number')
    throw new Error(`not a server answer: ${JSON.stringify(failure)}`);
  return failure;
}

/**
 * Replaces the scripted agent's execute with `answer` (the run's result apart from runId, which
 * it echoes). Calls are still recorded in `agent.executed`.
 */
export function scriptExecution(
  agent: ScriptedAgent,
  answer: (request: ExecuteRequest) => Omit<ExecutionResult, 'runId'>,
): void {
  agent.execute = async (kernelId, request) => {
    agent.executed.push({ kernelId, request });
    return { runId: request.runId, ...answer(request) };
  };
}

/**
 * Gives the scripted agent a recording `restartKernel` (AgentRpc's restart, Backend.AI's
 * restart_kernel), calling the agent's own one after it if it has one; answers the kernel ids
 * restarted from now on. Remove the instance property to undo.
 */
export function scriptRestart(agent: ScriptedAgent): string[] {
  type Restarting = { restartKernel?: (kernelId: string) => Promise<void> };
  const own = (agent as unknown as Restarting).restartKernel?.bind(agent);
  const restarted: string[] = [];
  (agent as unknown as Restarting).restartKernel = async (kernelId) => {
    restarted.push(kernelId);
    await own?.(kernelId);
  };
  return restarted;
}

/** One file of a tar archive. */
export interface TarEntry {
  name: string;
  type: string;
  content: Buffer;
}

/** The files of a ustar archive (name with prefix, type flag, content). */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1) || '0';
    entries.push({ name, type, content: archive.subarray(offset + 512, offset + 512 + size) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/**
 * The parts of a multipart/mixed body as Backend.AI's download answers it; the SDK hands the body
 * back as a Blob whose `type` keeps the Content-Type with its boundary.
 */
export async function multipartParts(blob: Blob): Promise<Array<{ headers: string; body: Buffer }>> {
  const boundary = /boundary=([^;]+)/.exec(blob.type)?.[1];
  if (!boundary) throw new Error(`no boundary in ${blob.type}`);
  const body = Buffer.from(await blob.arrayBuffer());
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Array<{ headers: string; body: Buffer }> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const after = start + delimiter.length;
    if (body.subarray(after, after + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, after);
    const part = body.subarray(after + 2, next === -1 ? body.length : next - 2);
    const split = part.indexOf('\r\n\r\n');
    parts.push({ headers: part.subarray(0, split).toString(), body: part.subarray(split + 4) });
    start = next;
  }
  return parts;
}

/** The events of a text/event-stream body read to its end. */
export async function readEventStream(response: Response): Promise<Array<{ event: string; data: string }>> {
  const text = await response.text();
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const field = (name: string) =>
        lines
          .filter((line) => line.startsWith(`${name}:`))
          .map((line) => line.slice(name.length + 1).trimStart())
          .join('\n');
      return { event: field('event') || 'message', data: field('data') };
    })
    .filter((event) => event.data !== '' || event.event !== 'message');
}

/**
 * A browser's EventSource, which the SDK's `attach_background_task` constructs: it only gets the
 * URL (and withCredentials), so it requests the URL with no Authorization header, as browsers do.
 */
export class BrowserEventSource implements OpenedEventSource {
  static readonly opened: BrowserEventSource[] = [];
  readonly withCredentials: boolean;
  readonly response: Promise<Response>;
  private readonly abort = new AbortController();

  constructor(
    readonly url: string,
    init: { withCredentials?: boolean } = {},
  ) {
    this.withCredentials = init.withCredentials ?? false;
    this.response = fetch(url, { headers: { Accept: 'text/event-stream' }, signal: this.abort.signal });
    BrowserEventSource.opened.push(this);
  }

  close(): void {
    this.abort.abort();
  }

  /** Defines `EventSource` for the SDK (Node 20 has none); answers a function restoring the previous. */
  static install(): () => void {
    const globals = globalThis as Record<string, unknown>;
    const previous = globals['EventSource'];
    globals['EventSource'] = BrowserEventSource;
    return () => {
      globals['EventSource'] = previous;
    };
  }
}
