import type { RawData, WebSocket } from 'ws';

/** Why a stream ends before it is done: the client closed the socket, or the manager is stopping. */
export type StreamEnd = 'closed' | 'stopping';

/**
 * The messages a client sends on a socket, read one at a time in order (messages that arrive
 * while nothing reads are kept, as upstream's aiohttp queue keeps them). Text and binary frames
 * alike are read as UTF-8 text. `ended` resolves when the socket closes or `signal` aborts.
 */
export class SocketInbox {
  readonly ended: Promise<StreamEnd>;
  private readonly queued: string[] = [];
  private waiting: ((text: string) => void) | null = null;

  constructor(socket: WebSocket, signal: AbortSignal) {
    this.ended = new Promise<StreamEnd>((resolve) => {
      if (signal.aborted) return resolve('stopping');
      // The signal is the manager's, shared by every stream: a closed socket's listener must go.
      const stopping = () => resolve('stopping');
      signal.addEventListener('abort', stopping, { once: true });
      socket.once('close', () => {
        signal.removeEventListener('abort', stopping);
        resolve('closed');
      });
    });
    socket.on('message', (data: RawData) => {
      const text = toText(data);
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting(text);
      else this.queued.push(text);
    });
  }

  /** The next message, or why the stream ended first. */
  async next(): Promise<{ text: string } | { end: StreamEnd }> {
    const queued = this.queued.shift();
    if (queued !== undefined) return { text: queued };
    const message = new Promise<string>((resolve) => (this.waiting = resolve));
    return Promise.race([message.then((text) => ({ text })), this.ended.then((end) => ({ end }))]);
  }
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
