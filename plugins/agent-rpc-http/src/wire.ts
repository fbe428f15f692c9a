import { PROBLEM_TYPE_PREFIX, TesseraError, type ErrorContext } from '@tessera/core';

/**
 * An error on the wire: `{ "error": WireError }`. `origin` tells a failure of the called method
 * (`agent`: rebuilt on the calling side as the same TesseraError) from a refusal by the serving
 * transport (`transport`: bad signature, body too large, unknown method, malformed request).
 */
export interface WireError {
  code: string;
  message: string;
  details: Record<string, unknown>;
  status: number;
  /** Backend.AI's problem type URI (`https://api.backend.ai/probs/kernel-not-running`). */
  type: string;
  context?: ErrorContext;
  origin: 'agent' | 'transport';
}

/** A successful call's answer; `result` is absent for methods that return nothing. */
export interface WireResult {
  result?: unknown;
}

/** A request's body. */
export interface WireCall {
  args: unknown[];
}

/** What the serving side answers when the called method throws. */
export function encodeCallError(error: unknown): WireError {
  if (error instanceof TesseraError) {
    return {
      code: error.code,
      message: error.message,
      details: jsonSafe(error.details),
      status: error.status,
      type: error.problemType,
      context: jsonSafe(error.context),
      origin: 'agent',
    };
  }
  const internal = TesseraError.internal(error instanceof Error ? error.message : String(error));
  return {
    code: internal.code,
    message: internal.message,
    details: error instanceof Error ? { name: error.name } : {},
    status: internal.status,
    type: internal.problemType,
    origin: 'agent',
  };
}

/** The TesseraError an `agent`-origin wire error stands for: same code, message, details, status and problem type. */
export function decodeCallError(wire: WireError): TesseraError {
  const problem = wire.type.startsWith(PROBLEM_TYPE_PREFIX)
    ? wire.type.slice(PROBLEM_TYPE_PREFIX.length)
    : 'internal-server-error';
  return TesseraError.withSpec(
    wire.code,
    { status: wire.status, problem },
    wire.message,
    wire.details ?? {},
    wire.context ?? {},
  );
}

/** Whether a parsed answer is a wire error. */
export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const error = value as Record<string, unknown>;
  return (
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    typeof error.status === 'number' &&
    typeof error.type === 'string' &&
    (error.origin === 'agent' || error.origin === 'transport')
  );
}

/** Details that survive JSON (a cycle or a BigInt would make the whole answer fail). */
function jsonSafe<T extends object>(value: T): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    return {} as T;
  }
}
