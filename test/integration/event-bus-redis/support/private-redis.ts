import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../../support/eventually';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => undefined);
  });
}

/**
 * A redis-server of a test's own, on a random loopback port, with AOF persistence (`appendonly
 * yes`, fsync every second, flushed on shutdown) in a folder of its own: restarting it is safe while
 * other tests use the shared halfstack Redis.
 */
export class PrivateRedis {
  private process?: ChildProcess;
  private log = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'tessera-redis-')));
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A graceful stop by signal: Redis flushes the AOF and exits. */
  async terminate(): Promise<void> {
    await this.waitForExit(() => this.process?.kill('SIGTERM'));
  }

  /** A graceful stop by the SHUTDOWN command. */
  async shutdown(): Promise<void> {
    await this.waitForExit(() => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port });
      socket.on('connect', () => socket.end('SHUTDOWN\r\n'));
      socket.on('error', () => undefined);
    });
  }

  /** Starts again on the same port and folder (it reloads the AOF). */
  async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'no');
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-4000)));
    this.process = child;
    const exited = new AbortController();
    child.once('exit', (code, signal) => exited.abort(new Error(`it exited (${signal ?? code})`)));
    try {
      await eventually(() => answersPing(this.port), 'PONG', { timeoutMs: 10_000, signal: exited.signal });
    } catch (error) {
      throw new Error(
        `private redis-server on port ${this.port} did not start: ${(error as Error).message}\n${this.log}`,
      );
    }
  }

  /** Starts it again unless it runs (a test that failed half-way must not leave it stopped). */
  async ensureRunning(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return;
    await this.launch();
  }

  async destroy(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) {
      await this.waitForExit(() => this.process?.kill('SIGKILL'));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitForExit(stop: () => void): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    stop();
    await exited;
  }
}
