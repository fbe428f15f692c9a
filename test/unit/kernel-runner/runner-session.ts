import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type RunnerMessage } from '@tessera/core';
import { JsonLinesRunnerChannel, runnerMainScript } from '@tessera/kernel-runner';

/** The real kernel runner under python3, in a temporary working directory, driven over its stdio. */
export class RunnerSession {
  readonly channel: JsonLinesRunnerChannel;
  readonly workDir: string;
  readonly exited: Promise<number | null>;
  private readonly inbox: RunnerMessage[] = [];
  private wake: (() => void) | undefined;

  private constructor(readonly child: ChildProcess) {
    this.workDir = (child as unknown as { workDir: string }).workDir;
    this.channel = new JsonLinesRunnerChannel(child.stdin!, child.stdout!, createLogger({ level: 'silent' }));
    this.channel.onMessage((message) => {
      this.inbox.push(message);
      this.wake?.();
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts a runner; `env` adds to the minimal environment (PATH, LANG, HOME). */
  static async start(env: Record<string, string> = {}): Promise<RunnerSession> {
    const workDir = mkdtempSync(join(tmpdir(), 'tessera-runner-'));
    const child = spawn('python3', [runnerMainScript()], {
      cwd: workDir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: workDir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    Object.assign(child, { workDir });
    const session = new RunnerSession(child);
    await session.channel.ready();
    await session.until('ready');
    return session;
  }

  send(op: string, data: unknown = null): void {
    this.channel.send({ op, data });
  }

  /** Every message up to and including the first whose op is `op` (waits up to `ms`). */
  async until(op: string, ms = 5000): Promise<RunnerMessage[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.inbox.findIndex((m) => m.op === op);
      if (index >= 0) return this.inbox.splice(0, index + 1);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${op} within ${ms} ms; got ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Runs a snippet and returns its messages, the final `finished` included. */
  async query(code: string): Promise<RunnerMessage[]> {
    this.send('code', code);
    return this.until('finished');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** The text of all messages of one stream, joined. */
export function textOf(messages: RunnerMessage[], stream: 'stdout' | 'stderr'): string {
  return messages
    .filter((m) => m.op === stream)
    .map((m) => String(m.data))
    .join('');
}
