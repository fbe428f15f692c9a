import type { MessagePort, Worker } from 'node:worker_threads';
import { TesseraError, type ErrorCode } from '@tessera/core';
import { ProxyErrors, StorageProxyErrorCodes } from '../proxy-errors';

/** An error as it crosses between threads: a TesseraError keeps its code, message and details. */
export interface WireError {
  code?: string;
  message: string;
  details?: Record<string, unknown>;
}

type Message =
  | { rpc: 'call'; id: number; method: string; params: unknown[] }
  | { rpc: 'result'; id: number; value: unknown }
  | { rpc: 'error'; id: number; error: WireError }
  | { rpc: 'note'; topic: string; payload: unknown };

type Endpoint = MessagePort | Worker;

const proxyCodes = new Set<string>(StorageProxyErrorCodes.codes());

export function errorToWire(error: unknown): WireError {
  if (error instanceof TesseraError)
    return { code: error.code, message: error.message, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * The error `wire` describes, answered to the client as it would have been in one thread: the
 * proxy's own codes keep their status and problem type, the core's codes theirs; anything else
 * becomes internal-server-error.
 */
export function errorFromWire(wire: WireError): Error {
  const details = wire.details ?? {};
  if (wire.code && proxyCodes.has(wire.code)) {
    return StorageProxyErrorCodes.error(wire.code as never, wire.message, details);
  }
  if (wire.code) return new TesseraError(wire.code as ErrorCode, wire.message, details);
  return ProxyErrors.internal(wire.message, new Error(wire.message));
}

/**
 * Calls between the proxy's main thread and its client-API thread over one message port, in both
 * directions: `call` answers what the other side's handler for `method` returned or threw;
 * `notify` sends a message nobody answers (log lines). Calls still waiting when the port closes
 * are refused, so nothing waits forever on a thread that is gone.
 */
export class ThreadRpc {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly handlers = new Map<string, (...params: never[]) => unknown>();
  private readonly listeners = new Map<string, (payload: never) => void>();
  private closedWith: Error | null = null;

  constructor(private readonly endpoint: Endpoint) {
    endpoint.on('message', (message: Message) => this.receive(message));
  }

  /** Answers the other side's calls of `method`. */
  handle<P extends unknown[], R>(method: string, handler: (...params: P) => R | Promise<R>): this {
    this.handlers.set(method, handler as (...params: never[]) => unknown);
    return this;
  }

  /** Receives the other side's notes on `topic`. */
  listen<T>(topic: string, listener: (payload: T) => void): this {
    this.listeners.set(topic, listener as (payload: never) => void);
    return this;
  }

  call<R>(method: string, ...params: unknown[]): Promise<R> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ rpc: 'call', id, method, params });
    });
  }

  notify(topic: string, payload: unknown): void {
    if (!this.closedWith) this.post({ rpc: 'note', topic, payload });
  }

  /** Refuses every call still waiting, and every later one, with `reason`. */
  close(reason: Error): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const { reject } of this.waiting.values()) reject(reason);
    this.waiting.clear();
  }

  private post(message: Message): void {
    this.endpoint.postMessage(message);
  }

  private receive(message: Message): void {
    switch (message.rpc) {
      case 'call':
        void this.answer(message.id, message.method, message.params);
        return;
      case 'result':
      case 'error': {
        const waiter = this.waiting.get(message.id);
        if (!waiter) return;
        this.waiting.delete(message.id);
        if (message.rpc === 'result') waiter.resolve(message.value);
        else waiter.reject(errorFromWire(message.error));
        return;
      }
      case 'note':
        this.listeners.get(message.topic)?.(message.payload as never);
        return;
    }
  }

  private async answer(id: number, method: string, params: unknown[]): Promise<void> {
    try {
      const handler = this.handlers.get(method);
      if (!handler) throw new Error(`no handler for "${method}" on this thread`);
      const value = await handler(...(params as never[]));
      this.post({ rpc: 'result', id, value });
    } catch (error) {
      this.post({ rpc: 'error', id, error: errorToWire(error) });
    }
  }
}
