import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between a client and a real server that a test can cut and mend: a network
 * partition between one etcd client and etcd while other clients keep writing. While cut, open
 * connections are reset and new ones are refused at once.
 */
export class CuttableLink {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((client) => this.relay(client));
  private cut = false;

  private constructor(private readonly targetPort: number) {}

  static async open(targetPort: number): Promise<CuttableLink> {
    const link = new CuttableLink(targetPort);
    await new Promise<void>((resolve) => link.server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  sever(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  mend(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.sever();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    if (this.cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
