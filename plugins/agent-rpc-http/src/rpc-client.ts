import { Agent, request, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  TesseraError,
  type AgentRpc,
  type CompletionRequest,
  type ExecuteRequest,
  type ExecutionResult,
  type KernelCommitRequest,
  type KernelCommitStarted,
  type KernelCommitStatus,
  type KernelCreationSpec,
  type KernelDestroyOutcome,
  type KernelFileArchive,
  type KernelFileListing,
  type KernelFileUpload,
  type KernelTerminal,
  type Logger,
  type ServiceShutdownResult,
  type ServiceStartRequest,
  type ServiceStartResult,
  type TerminalSize,
} from '@tessera/core';
import type { HttpRpcAddress } from './address';
import { AgentRpcHttpErrors } from './errors';
import { authorizationFor, DATE_HEADER } from './signing';
import type { SigningSecret } from './signing-secret';
import { openHttpTerminal } from './terminal-client';
import { decodeCallError, isWireError, type WireCall } from './wire';

/** What the calling side reads from the transport's settings on every call (they may change). */
export interface ClientSettings {
  callTimeoutMs: number;
  retries: number;
  maxBodySize: number;
}

type Method = keyof AgentRpc;

/**
 * Methods a transport may send twice: the agent's answer to a repeat is the same (createKernels
 * skips kernels it has, destroyKernel answers not-found, startService already-running, shutdownService not-running; the
 * session-file calls, complete and getCommitStatus only read, or write the same contents again).
 * execute, interruptKernel, restartKernel and commit are not: a repeat would run code, interrupt or
 * restart twice, or be refused as a second commit while the first runs.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<Method> = new Set<Method>([
  'ping',
  'createKernels',
  'destroyKernel',
  'kernelLogs',
  'startService',
  'shutdownService',
  'complete',
  'uploadFiles',
  'listFiles',
  'downloadFiles',
  'getCommitStatus',
]);

/** Connection failures where the request cannot have reached the agent (no connection was made). */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** Connection failures after which the request may or may not have reached the agent. */
const MAYBE_SENT = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export const FIRST_BACKOFF_MS = 100;
export const MAX_BACKOFF_MS = 2000;

/** A failed connection: `sent` says whether the request may have reached the agent. */
class ConnectionFailure extends Error {
  constructor(
    readonly reason: string,
    readonly sent: boolean,
  ) {
    super(reason);
  }
}

class CallTimedOut extends Error {}

/**
 * Whether a call may be sent again after `failure`: always when it never left (the connection was
 * refused), and for idempotent methods when it may have reached the agent.
 */
export function mayRetry(method: Method, failure: { sent: boolean }): boolean {
  return !failure.sent || IDEMPOTENT_METHODS.has(method);
}

/** The pause before retry number `attempt` (1, 2, ...): doubling from 100 ms, at most 2 s, with jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.5 + random() / 2));
}

/**
 * The manager's side of agent RPC over HTTP to one agent: every method is a signed POST on a
 * keep-alive connection pool of this address.
 */
export class HttpAgentRpcClient implements AgentRpc {
  private readonly agent = new Agent({ keepAlive: true, scheduling: 'lifo' });
  private closed = false;

  constructor(
    private readonly address: HttpRpcAddress,
    private readonly secret: SigningSecret,
    private readonly settings: () => ClientSettings,
    private readonly log: Logger,
  ) {}

  ping(): Promise<{ agentId: string }> {
    return this.call('ping', []) as Promise<{ agentId: string }>;
  }

  async createKernels(kernels: KernelCreationSpec[]): Promise<void> {
    await this.call('createKernels', [kernels]);
  }

  destroyKernel(kernelId: string, reason: string): Promise<KernelDestroyOutcome> {
    return this.call('destroyKernel', [kernelId, reason]) as Promise<KernelDestroyOutcome>;
  }

  execute(kernelId: string, request: ExecuteRequest): Promise<ExecutionResult> {
    return this.call('execute', [kernelId, request]) as Promise<ExecutionResult>;
  }

  async interruptKernel(kernelId: string): Promise<void> {
    await this.call('interruptKernel', [kernelId]);
  }

  startService(kernelId: string, request: ServiceStartRequest): Promise<ServiceStartResult> {
    return this.call('startService', [kernelId, request]) as Promise<ServiceStartResult>;
  }

  shutdownService(kernelId: string, service: string): Promise<ServiceShutdownResult> {
    return this.call('shutdownService', [kernelId, service]) as Promise<ServiceShutdownResult>;
  }

  kernelLogs(kernelId: string): Promise<string> {
    return this.call('kernelLogs', [kernelId]) as Promise<string>;
  }

  complete(kernelId: string, request: CompletionRequest): Promise<string[]> {
    return this.call('complete', [kernelId, request]) as Promise<string[]>;
  }

  async uploadFiles(kernelId: string, files: KernelFileUpload[]): Promise<void> {
    await this.call('uploadFiles', [kernelId, files]);
  }

  listFiles(kernelId: string, path: string): Promise<KernelFileListing> {
    return this.call('listFiles', [kernelId, path]) as Promise<KernelFileListing>;
  }

  downloadFiles(kernelId: string, paths: string[]): Promise<KernelFileArchive> {
    return this.call('downloadFiles', [kernelId, paths]) as Promise<KernelFileArchive>;
  }

  /** Restarts the kernel in place; never sent twice (a repeat would wipe the kernel again). */
  async restartKernel(kernelId: string): Promise<void> {
    await this.call('restartKernel', [kernelId]);
  }

  /** Starts a commit; never sent twice (the repeat would be refused as a commit in progress). */
  commit(kernelId: string, request: KernelCommitRequest): Promise<KernelCommitStarted> {
    return this.call('commit', [kernelId, request]) as Promise<KernelCommitStarted>;
  }

  getCommitStatus(kernelId: string): Promise<{ status: KernelCommitStatus }> {
    return this.call('getCommitStatus', [kernelId]) as Promise<{ status: KernelCommitStatus }>;
  }

  /** Opens a terminal over a signed WebSocket of its own (terminal-client); never retried. */
  openTerminal(kernelId: string, size: TerminalSize): Promise<KernelTerminal> {
    if (this.closed)
      return Promise.reject(
        this.unreachable('openTerminal' as Method, 'the transport is stopped', { attempts: 0 }),
      );
    return openHttpTerminal(this.address, this.secret, this.settings(), kernelId, size);
  }

  /** Closes the pooled connections; later calls fail with agent-unreachable. */
  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private async call(method: Method, args: unknown[]): Promise<unknown> {
    const settings = this.settings();
    const body = JSON.stringify({ args } satisfies WireCall);
    const deadline = Date.now() + settings.callTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw this.unreachable(method, 'the transport is stopped', { attempts: attempt });
      try {
        return await this.send(method, body, deadline - Date.now(), settings.maxBodySize);
      } catch (error) {
        if (error instanceof CallTimedOut) {
          throw this.unreachable(
            method,
            `no answer within ${settings.callTimeoutMs / 1000} s (callTimeout)`,
            {
              attempts: attempt + 1,
              timeoutMs: settings.callTimeoutMs,
            },
          );
        }
        if (!(error instanceof ConnectionFailure)) throw error;
        const pause = backoffMs(attempt + 1);
        const retry = mayRetry(method, error) && attempt < settings.retries && Date.now() + pause < deadline;
        if (!retry) {
          const why =
            !mayRetry(method, error) && attempt < settings.retries
              ? ` (not retried: ${method} is not idempotent and the request may have reached the agent)`
              : '';
          throw this.unreachable(method, `${error.reason}${why}`, {
            attempts: attempt + 1,
            sent: error.sent,
          });
        }
        this.log.debug('agent RPC call failed to connect; retrying', {
          address: this.address.origin,
          method,
          attempt: attempt + 1,
          reason: error.reason,
          pauseMs: pause,
        });
        await sleep(pause);
      }
    }
  }

  private unreachable(method: Method, why: string, details: Record<string, unknown>): TesseraError {
    return new TesseraError(
      'agent-unreachable',
      `agent RPC ${method} to ${this.address.origin} failed: ${why}`,
      { address: this.address.origin, method, ...details },
    );
  }

  /** One attempt: resolves to the result, rejects with the agent's error, a ConnectionFailure or CallTimedOut. */
  private send(method: Method, body: string, timeoutMs: number, maxAnswer: number): Promise<unknown> {
    if (timeoutMs <= 0) return Promise.reject(new CallTimedOut());
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      let answered = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const path = `/rpc/${method}`;
      const date = new Date().toISOString();
      const req = request({
        agent: this.agent,
        host: this.address.host,
        port: this.address.port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [DATE_HEADER]: date,
          authorization: authorizationFor(this.secret.current, 'POST', path, date, body),
        },
      });
      const timer = setTimeout(() => {
        settle(() => reject(new CallTimedOut()));
        req.destroy();
      }, timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? '';
        const sent = answered || !NOT_SENT.has(code) || req.reusedSocket;
        const reason =
          code && (NOT_SENT.has(code) || MAYBE_SENT.has(code)) ? `${code} (${error.message})` : error.message;
        settle(() => reject(new ConnectionFailure(reason, sent)));
      });
      req.on('response', (res) => {
        answered = true;
        this.readAnswer(res, maxAnswer, method).then(
          (outcome) => settle(() => (outcome.ok ? resolve(outcome.result) : reject(outcome.error))),
          (error: Error) =>
            settle(() => reject(new ConnectionFailure(`the answer broke off: ${error.message}`, true))),
        );
      });
      req.end(body);
    });
  }

  private readAnswer(
    res: IncomingMessage,
    limit: number,
    method: Method,
  ): Promise<{ ok: true; result: unknown } | { ok: false; error: TesseraError }> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          res.destroy();
          resolve({
            ok: false,
            error: AgentRpcHttpErrors.error(
              'agent-rpc-refused',
              `agent RPC ${method} to ${this.address.origin}: the answer is larger than ${limit} bytes (maxBodySize)`,
              { address: this.address.origin, method, limit },
            ),
          });
        } else chunks.push(chunk);
      });
      res.once('aborted', () => reject(new Error('the connection closed before the whole answer arrived')));
      res.once('error', reject);
      res.once('end', () => {
        if (size > limit) return;
        resolve(this.interpret(res.statusCode ?? 0, Buffer.concat(chunks), method));
      });
    });
  }

  private interpret(
    status: number,
    raw: Buffer,
    method: Method,
  ): { ok: true; result: unknown } | { ok: false; error: TesseraError } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const answer = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (status === 200 && parsed !== undefined && !('error' in answer))
      return { ok: true, result: answer.result };
    const wire = answer.error;
    if (isWireError(wire) && wire.origin === 'agent') return { ok: false, error: decodeCallError(wire) };
    if (isWireError(wire)) {
      return {
        ok: false,
        error: AgentRpcHttpErrors.error(
          'agent-rpc-refused',
          `agent at ${this.address.origin} refused ${method} (HTTP ${status}): ${wire.message}`,
          { address: this.address.origin, method, status, remoteCode: wire.code, ...wire.details },
        ),
      };
    }
    return {
      ok: false,
      error: new TesseraError(
        'agent-unreachable',
        `agent RPC ${method} to ${this.address.origin} got HTTP ${status} without an agent RPC answer (a proxy, or not an agent?)`,
        { address: this.address.origin, method, status },
      ),
    };
  }
}
