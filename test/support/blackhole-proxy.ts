import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on a random loopback port in front of a real server. `blackhole()` cuts the path
 * without closing anything, like a network partition: bytes in both directions are dropped, no
 * FIN or RST reaches either side, and new connections hang. Only this test's client goes through
 * it, so the shared server is never disturbed.
 */
export class BlackholeProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private cut = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening; resolves with the proxy's port. */
  async listen(): Promise<number> {
    const server = createServer((downstream) => this.relay(downstream));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
    return address.port;
  }

  blackhole(): void {
    this.cut = true;
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
      socket.on('close', () => this.sockets.delete(socket));
    }
    downstream.on('data', (chunk) => {
      if (!this.cut) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!this.cut) downstream.write(chunk);
    });
    downstream.on('end', () => {
      if (!this.cut) upstream.end();
    });
    upstream.on('end', () => {
      if (!this.cut) downstream.end();
    });
  }
}
