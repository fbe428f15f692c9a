import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on a loopback port in front of a real server that passes at most `bytesPerSecond`
 * each way, like a slow link: a transfer through it lasts long enough to be interrupted midway.
 * Only the test's own client goes through it (with BACKEND_OVERRIDE_STORAGE_PROXY).
 */
export class ThrottledRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly bytesPerSecond: number,
  ) {}

  /** Starts listening; resolves with the relay's base URL (`http://127.0.0.1:<port>`). */
  async listen(): Promise<string> {
    const server = createServer((downstream) => this.relay(downstream));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the relay has no TCP port');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private relay(downstream: Socket): void {
    const upstream = createConnection(this.targetPort, this.targetHost);
    for (const socket of [downstream, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        downstream.destroy();
        upstream.destroy();
      });
    }
    this.pipeSlowly(downstream, upstream);
    this.pipeSlowly(upstream, downstream);
  }

  /** Copies `from` to `to`, pausing `from` whenever it runs ahead of the allowed rate. */
  private pipeSlowly(from: Socket, to: Socket): void {
    const started = Date.now();
    let passed = 0;
    from.on('data', (chunk: Buffer) => {
      passed += chunk.length;
      to.write(chunk);
      const due = (passed / this.bytesPerSecond) * 1000 - (Date.now() - started);
      if (due > 0) {
        from.pause();
        setTimeout(() => from.resume(), due);
      }
    });
    from.on('end', () => to.end());
  }
}
