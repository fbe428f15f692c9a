import { BackendAPIError, BackendClientError } from '@tessera/client';
import { CommanderError } from 'commander';
import { CommandFailure, UsageError } from './cli-errors';

/** Exit codes of the tessera command. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export interface FailureReport {
  /** One line for people, prefixed with `tessera: `. */
  line: string;
  exitCode: number;
}

/**
 * Turns an error into the one line a person reads on stderr and an exit code. Expected failures
 * (manager down, wrong keys, missing variables, a refused request) read as sentences without a
 * stack trace; anything else is reported as unexpected.
 */
export function describeFailure(error: unknown): FailureReport {
  if (error instanceof BackendClientError) {
    const exitCode = error.reason === 'aborted' ? EXIT.interrupted : EXIT.failed;
    return { line: oneLine(error.message), exitCode };
  }
  if (error instanceof BackendAPIError)
    return { line: oneLine(describeApiError(error)), exitCode: EXIT.failed };
  if (error instanceof UsageError) return { line: oneLine(error.message), exitCode: EXIT.usage };
  if (error instanceof CommandFailure) return { line: oneLine(error.message), exitCode: error.exitCode };
  if (error instanceof CommanderError) return { line: '', exitCode: error.exitCode };
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: `unexpected error: ${oneLine(message)} (run with --debug for details)`,
    exitCode: EXIT.failed,
  };
}

function describeApiError(error: BackendAPIError): string {
  const detail = problemDetail(error);
  switch (error.status) {
    case 401:
      return `authentication failed: ${detail ?? error.title} (check BACKEND_ACCESS_KEY and BACKEND_SECRET_KEY)`;
    case 403:
      return `permission denied: ${detail ?? error.title}`;
    default:
      return `${error.message} [${error.problemSlug}]`;
  }
}

/** The problem's detail when it says more than its title. */
function problemDetail(error: BackendAPIError): string | undefined {
  for (const value of [error.data.detail, error.data.msg]) {
    if (typeof value === 'string' && value.trim() !== '' && value.trim() !== error.title) return value.trim();
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
