import type { ServerResponse } from 'node:http';
import { encodeSseComment, encodeSseMessage, type SseMessage } from './sse-frame';

export interface SseStreamOptions {
  keepAliveMs: number;
  /** Written but unsent bytes past which a slow client is dropped. */
  maxQueuedBytes: number;
}

/**
 * One client's `text/event-stream` response, written straight to Node's response (Koa's own body
 * handling is bypassed, so nothing buffers or compresses it). It sends a keep-alive comment when
 * nothing else was sent for `keepAliveMs`, ends itself when the client goes away or falls too far
 * behind, and runs its `onClose` callbacks exactly once, whichever side ended it: that is where the
 * routes drop every piece of state they hold for this client.
 */
export class SseStream {
  private closed = false;
  private readonly closers: Array<() => void> = [];
  private readonly keepAlive: NodeJS.Timeout;
  private lastWrite = Date.now();

  constructor(
    private readonly response: ServerResponse,
    private readonly options: SseStreamOptions,
  ) {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) must pass each event on at once.
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    response.socket?.setNoDelay(true);
    response.socket?.setTimeout(0);
    response.once('close', () => this.close());
    const tick = Math.max(10, Math.floor(options.keepAliveMs / 2));
    this.keepAlive = setInterval(() => {
      if (Date.now() - this.lastWrite >= options.keepAliveMs) this.write(encodeSseComment('ping'));
    }, tick);
    this.keepAlive.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: SseMessage): void {
    this.write(encodeSseMessage(message));
  }

  comment(text: string): void {
    this.write(encodeSseComment(text));
  }

  /** Called once when the stream ends, for any reason (immediately if it already has). */
  onClose(callback: () => void): void {
    if (this.closed) callback();
    else this.closers.push(callback);
  }

  /** Ends the response (after what was written) and releases everything. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    if (!this.response.writableEnded) this.response.end();
    for (const callback of this.closers.splice(0)) callback();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.response.writableLength > this.options.maxQueuedBytes) {
      // The client does not read: rather than buffer without bound, cut it off; it may resume.
      this.response.destroy();
      this.close();
      return;
    }
    this.lastWrite = Date.now();
    this.response.write(chunk);
  }
}
