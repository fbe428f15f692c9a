import pino from 'pino';
import pretty from 'pino-pretty';
import type { LogFields, Logger } from '../contracts/logger';
import { redactSecrets } from './redact';

export type LogFormat = 'pretty' | 'json';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture them. */
  destination?: NodeJS.WritableStream;
}

class PinoLogger implements Logger {
  constructor(private readonly base: pino.Logger) {}

  debug(message: string, fields?: LogFields): void {
    this.base.debug(redactSecrets(fields ?? {}) as object, message);
  }
  info(message: string, fields?: LogFields): void {
    this.base.info(redactSecrets(fields ?? {}) as object, message);
  }
  warn(message: string, fields?: LogFields): void {
    this.base.warn(redactSecrets(fields ?? {}) as object, message);
  }
  error(message: string, fields?: LogFields): void {
    this.base.error(redactSecrets(fields ?? {}) as object, message);
  }
  child(bindings: LogFields): Logger {
    return new PinoLogger(this.base.child(redactSecrets(bindings) as pino.Bindings));
  }
}

/** The kernel's root logger: pino, JSON for machines or pretty for people, with secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const format = options.format ?? ((destination as NodeJS.WriteStream).isTTY ? 'pretty' : 'json');
  const stream =
    format === 'pretty'
      ? pretty({
          destination,
          sync: true,
          colorize: (destination as NodeJS.WriteStream).isTTY === true,
          ignore: 'pid,hostname',
        })
      : destination;
  return new PinoLogger(pino({ level: options.level ?? 'info', base: undefined }, stream));
}
