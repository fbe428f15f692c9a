import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLogger, type RunnerMessage } from '@tessera/core';
import { JsonLinesRunnerChannel, runnerMainScript } from '@tessera/kernel-runner';
import { eventually } from '../../support/eventually';

/** How long a test waits for the runner to answer. */
const ANSWER_MS = 10_000;

/** Every message of one connection, kept from its start, taken in order by `until`. */
export class RunnerInbox {
  private readonly messages: RunnerMessage[] = [];
  private wake: (() => void) | undefined;

  constructor(readonly channel: JsonLinesRunnerChannel) {
    channel.onMessage((message) => {
      this.messages.push(message);
      this.wake?.();
    });
  }

  /** Messages up to and including the first `op` (passing `matches`) not yet taken. */
  async until(op: string, matches: (message: RunnerMessage) => boolean = () => true, ms = ANSWER_MS) {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.messages.findIndex((m) => m.op === op && matches(m));
      if (index >= 0) return this.messages.splice(0, index + 1);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no ${op} within ${ms} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Messages received and not taken yet. */
  pending(): RunnerMessage[] {
    return [...this.messages];
  }

  send(op: string, data: unknown = null): void {
    this.channel.send({ op, data });
  }

  /** Runs a snippet; its messages up to its `finished`. */
  async query(code: string): Promise<RunnerMessage[]> {
    this.send('code', code);
    return this.until('finished');
  }
}

/** One agent connection to a runner's socket. */
export class RunnerConnection {
  readonly channel: JsonLinesRunnerChannel;
  readonly inbox: RunnerInbox;

  constructor(readonly socket: Socket) {
    this.channel = new JsonLinesRunnerChannel(socket, socket, createLogger({ level: 'silent' }));
    this.inbox = new RunnerInbox(this.channel);
  }

  /** The `ready` that starts the connection: `{pid, runtime, version, reattached}`. */
  async ready(): Promise<{ pid: number; reattached: boolean }> {
    const [ready] = await this.inbox.until('ready');
    return ready!.data as { pid: number; reattached: boolean };
  }

  /** Drops the connection as a dying agent would. */
  async drop(): Promise<void> {
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.destroy();
    await closed;
  }
}

/** The real runner under python3 in socket mode (`--listen`), in a temporary working directory. */
export class SocketRunner {
  readonly exited: Promise<number | null>;
  /** The runner's console (its stderr), line by line. */
  readonly diagnostics: string[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly workDir: string,
    readonly socketPath: string,
  ) {
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) =>
      this.diagnostics.push(line),
    );
  }

  static start(env: Record<string, string> = {}, socketPath?: string): SocketRunner {
    const workDir = mkdtempSync(join(tmpdir(), 'tessera-socket-runner-'));
    const path = socketPath ?? join(workDir, 'runner.sock');
    const child = spawn('python3', [runnerMainScript(), '--listen', path], {
      cwd: workDir,
      // TMPDIR: what the runner writes to the temp folder (service logs) goes with the work dir.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        HOME: workDir,
        TMPDIR: workDir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new SocketRunner(child, workDir, path);
  }

  /** Connects once the socket is there; the connection's `ready` comes when the runner serves it. */
  async connect(): Promise<RunnerConnection> {
    return eventually(
      () =>
        new Promise<RunnerConnection>((resolve, reject) => {
          if (this.child.exitCode !== null)
            reject(new Error(`the runner exited: ${this.diagnostics.join('\n')}`));
          const socket = connect(this.socketPath);
          socket.once('connect', () => resolve(new RunnerConnection(socket)));
          socket.once('error', reject);
        }),
      `a connection to ${this.socketPath}`,
      ANSWER_MS,
    );
  }

  /** Waits until the runner's console has a line matching `pattern`. */
  async diagnostic(pattern: RegExp): Promise<string> {
    return eventually(
      () => this.diagnostics.find((line) => pattern.test(line)) ?? false,
      `a runner diagnostic matching ${pattern}`,
      ANSWER_MS,
    );
  }

  /** Kills the runner if it still runs, and the services it started (they have sessions of their own). */
  async stop(): Promise<void> {
    for (const line of this.diagnostics) {
      const started = /^service [\w-]+: process (\d+) runs /.exec(line);
      if (!started) continue;
      try {
        // Only a group whose leader still works in this runner's folder (not a reused pid).
        if (realpathSync(`/proc/${started[1]}/cwd`) !== realpathSync(this.workDir)) continue;
        process.kill(-Number(started[1]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    if (existsSync(this.workDir)) rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** The text of all messages of one stream, joined. */
export function textOf(messages: RunnerMessage[], stream: 'stdout' | 'stderr'): string {
  return messages
    .filter((m) => m.op === stream)
    .map((m) => String(m.data))
    .join('');
}
