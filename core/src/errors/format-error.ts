import { TesseraError } from './tessera-error';

/**
 * Formats any error for people at a terminal: the message alone (it already names the file,
 * path or value), plus the code; the stack and causes only when `verbose`.
 */
export function formatError(error: unknown, options: { verbose: boolean } = { verbose: false }): string {
  if (!(error instanceof Error)) return String(error);
  const code = error instanceof TesseraError ? ` [${error.code}]` : '';
  if (!options.verbose) return `${error.message}${code}`;
  const lines = [error.stack ?? error.message];
  let cause = (error as { cause?: unknown }).cause;
  while (cause instanceof Error) {
    lines.push(`caused by: ${cause.stack ?? cause.message}`);
    cause = (cause as { cause?: unknown }).cause;
  }
  return lines.join('\n');
}
