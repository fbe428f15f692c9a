import { randomBytes } from 'node:crypto';
import { BackendClientError } from './errors';
import type { ConsoleItem, ExecuteRequest, ExecutionResult, ExecutionStatus } from './execution-types';

export interface InputRequest {
  runId: string;
  /** The program asked for a password: do not echo what the user types. */
  isPassword: boolean;
}

export interface RunHandlers {
  /** Called for each console item in the order the program produced them. */
  onOutput?: (item: ConsoleItem) => void;
  /** Answers `waiting-input`; without it a run that asks for input fails. */
  onInput?: (request: InputRequest) => Promise<string> | string;
  /** Called when a batch run finishes its clean or build step. */
  onStep?: (step: 'clean-finished' | 'build-finished', exitCode: number | null) => void;
  /** The run id to use; a random one is chosen otherwise. */
  runId?: string;
  signal?: AbortSignal;
}

export interface RunOutcome {
  runId: string;
  /** `finished`, or `exec-timeout` when the kernel gave up on the run. */
  status: Extract<ExecutionStatus, 'finished' | 'exec-timeout'>;
  /** The program's exit code; null when the kernel did not report one. */
  exitCode: number | null;
  files: ExecutionResult['files'];
}

/**
 * Drives one run to its end (api-spec §4.1): after the first call it sends `continue` while the
 * run is `continued` / `clean-finished` / `build-finished`, and `input` with the user's text while
 * it is `waiting-input`, always with the same run id, until it is `finished`.
 */
export async function followRun(
  execute: (request: ExecuteRequest) => Promise<ExecutionResult>,
  first: ExecuteRequest,
  handlers: RunHandlers,
): Promise<RunOutcome> {
  let runId = first.runId ?? handlers.runId ?? newRunId();
  let result = await execute({ ...first, runId, signal: handlers.signal });
  for (;;) {
    if (typeof result.runId === 'string' && result.runId !== '') runId = result.runId;
    for (const item of result.console ?? []) handlers.onOutput?.(item);
    switch (result.status) {
      case 'finished':
      case 'exec-timeout':
        return { runId, status: result.status, exitCode: result.exitCode ?? null, files: result.files ?? [] };
      case 'clean-finished':
      case 'build-finished':
        handlers.onStep?.(result.status, result.exitCode ?? null);
        result = await execute({ mode: 'continue', runId, code: '', signal: handlers.signal });
        break;
      case 'continued':
        result = await execute({ mode: 'continue', runId, code: '', signal: handlers.signal });
        break;
      case 'waiting-input': {
        if (!handlers.onInput) {
          throw new BackendClientError(
            'input-unavailable',
            'the program asks for input but no input handler was given',
          );
        }
        const isPassword = result.options?.is_password === true;
        const text = await handlers.onInput({ runId, isPassword });
        result = await execute({ mode: 'input', runId, code: text, signal: handlers.signal });
        break;
      }
      default:
        throw new BackendClientError(
          'bad-response',
          `the manager sent an unknown run status "${String(result.status)}"`,
        );
    }
  }
}

export function newRunId(): string {
  return randomBytes(8).toString('hex');
}
