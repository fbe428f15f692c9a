import { contractToken } from './token';

export type LogFields = Record<string, unknown>;

/**
 * Structured logger handed to every plugin (a child bound to the plugin id). Messages are
 * constant strings; everything variable goes into `fields`. Secrets in fields are redacted by
 * the kernel's logger before they are written.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}
export const Logger = contractToken<Logger>('logger');
