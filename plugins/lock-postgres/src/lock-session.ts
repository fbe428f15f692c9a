import { Client } from 'pg';
import { TesseraError } from '@tessera/core';
import { sessionApplicationName } from './advisory-key';

export interface SessionSettings {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  namespace: string;
  connectTimeoutMs: number;
}

/**
 * One PostgreSQL session (connection) of the lock service. Advisory locks belong to the session
 * that took them, so each waiter and each holder has its own. `lost` is set once the connection
 * errors or ends; `idleTimeoutMs` (when above 0) makes the server end the session after that long
 * without a query, which frees its locks if the holder stops pinging (a lease the server enforces).
 */
export class LockSession {
  readonly client: Client;
  lostReason: Error | undefined;
  private readonly lossListeners = new Set<(reason: Error) => void>();

  constructor(settings: SessionSettings, idleTimeoutMs: number) {
    this.client = new Client({
      host: settings.host,
      port: settings.port,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      application_name: sessionApplicationName(settings.namespace),
      connectionTimeoutMillis: settings.connectTimeoutMs,
      keepAlive: true,
      options: idleTimeoutMs > 0 ? `-c idle_session_timeout=${Math.ceil(idleTimeoutMs)}` : undefined,
    });
    this.client.on('error', (error) => this.lose(error));
    this.client.on('end', () => this.lose(new Error('the session ended')));
  }

  async open(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      this.close();
      throw new TesseraError(
        'lock-unavailable',
        'PostgreSQL does not accept a lock session',
        { reason: error instanceof Error ? error.message : String(error) },
        {},
        { cause: error },
      );
    }
  }

  onLost(listener: (reason: Error) => void): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  /** Ends the session without waiting: a dead peer may never answer the goodbye. */
  close(): void {
    this.lossListeners.clear();
    this.client.end().catch(() => undefined);
  }

  private lose(reason: Error): void {
    if (this.lostReason) return;
    this.lostReason = reason;
    for (const listener of [...this.lossListeners]) listener(reason);
  }
}
