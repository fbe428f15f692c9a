import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { runCommand } from '../../support/run-command';

/**
 * An etcd of a test's own, on random loopback ports with a temporary data folder, for tests that
 * stop and restart etcd: the shared halfstack etcd is never touched. `stop` and `start` keep the
 * data folder, so a restart keeps every key, lease and revision.
 */
export class PrivateEtcd {
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly dataDir: string,
    readonly clientPort: number,
    readonly peerPort: number,
  ) {}

  static async start(): Promise<PrivateEtcd> {
    const etcd = new PrivateEtcd(
      mkdtempSync(join(tmpdir(), 'tessera-etcd-')),
      await freePort(),
      await freePort(),
    );
    await etcd.start();
    return etcd;
  }

  get url(): string {
    return `http://127.0.0.1:${this.clientPort}`;
  }

  async start(): Promise<void> {
    const peer = `http://127.0.0.1:${this.peerPort}`;
    const child = spawn(
      'etcd',
      [
        '--name=private',
        `--data-dir=${join(this.dataDir, 'data')}`,
        `--listen-client-urls=${this.url}`,
        `--advertise-client-urls=${this.url}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=private=${peer}`,
        '--log-level=error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child
      .stderr!.setEncoding('utf8')
      .on('data', (chunk: string) => (this.log = (this.log + chunk).slice(-4000)));
    this.process = child;
    await this.waitUntilHealthy(child);
  }

  /** Stops etcd the way a crash or a restart would (SIGTERM, then SIGKILL) and waits for the exit. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitUntilHealthy(child: ChildProcess): Promise<void> {
    const exited = new AbortController();
    child.once('exit', (code, signal) => exited.abort(new Error(`it exited (${signal ?? code})`)));
    try {
      await eventually(
        () =>
          runCommand('etcdctl', ['--endpoints', this.url, '--dial-timeout', '1s', 'endpoint', 'health'], {
            env: { ETCDCTL_API: '3' },
            timeoutMs: 5000,
          }),
        'etcdctl endpoint health',
        { timeoutMs: 15_000, intervalMs: 100, signal: exited.signal },
      );
    } catch (error) {
      throw new Error(
        `private etcd at ${this.url} did not come up: ${(error as Error).message}\n${this.log}`,
      );
    }
  }
}
