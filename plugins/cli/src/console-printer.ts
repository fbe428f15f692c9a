import type { ConsoleItem } from '@tessera/client';

/**
 * Prints a run's console items as they arrive: stdout text to stdout, stderr text to stderr.
 * Items a terminal cannot show (media, html) become a one-line note on stderr; log records are
 * printed as text on stderr.
 */
export class ConsolePrinter {
  constructor(
    private readonly stdout: NodeJS.WritableStream,
    private readonly stderr: NodeJS.WritableStream,
  ) {}

  print(item: ConsoleItem): void {
    const [type, data] = item;
    switch (type) {
      case 'stdout':
        this.stdout.write(String(data));
        return;
      case 'stderr':
        this.stderr.write(String(data));
        return;
      case 'media':
        this.stderr.write(`[media output ${mediaDescription(data)} not shown]\n`);
        return;
      case 'log':
        this.stderr.write(`${logLine(data)}\n`);
        return;
      default:
        this.stderr.write(`[${type} output not shown]\n`);
    }
  }
}

function mediaDescription(data: unknown): string {
  if (!Array.isArray(data)) return '';
  const [mime, content] = data as unknown[];
  const size = typeof content === 'string' ? `, ${content.length} characters` : '';
  return `(${String(mime)}${size})`;
}

function logLine(data: unknown): string {
  if (!Array.isArray(data)) return `[log] ${String(data)}`;
  const [level, , logger, message] = data as unknown[];
  return `[log ${String(level)}] ${String(logger)}: ${String(message)}`;
}
