import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import type { Logger } from '@tessera/core';
import { JsonLinesRunnerChannel } from '@tessera/kernel-runner';
import { ConsoleLog } from './console-log';

/** How long `exited` waits for stdio to close after the process itself has exited. */
const STDIO_DRAIN_MS = 500;

export type Signal = 'SIGTERM' | 'SIGKILL';

/**
 * One kernel's child process: the runner, started as the leader of its own process group so that
 * everything user code starts can be signalled together. The runner speaks JSON lines over its
 * stdin/stdout; what it writes to stderr is the kernel's console log.
 */
export class KernelProcess {
  readonly channel: JsonLinesRunnerChannel;
  /** Resolves with the exit code (128 + n for signal n) once the process has gone. */
  readonly exited: Promise<number | null>;
  readonly console = new ConsoleLog();
  private exitCode: number | null | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly log: Logger,
  ) {
    this.channel = new JsonLinesRunnerChannel(child.stdin!, child.stdout!, log);
    createInterface({ input: child.stderr!, crlfDelay: Infinity }).on('line', (line) => {
      this.console.append(line);
      log.info('kernel console output', { line });
    });
    this.exited = new Promise((resolve) => {
      const settle = (code: number | null) => {
        if (this.exitCode !== undefined) return;
        this.exitCode = code;
        resolve(code);
      };
      child.on('exit', (code, signal) => {
        const exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null);
        // Let the last lines of output arrive before saying the kernel is gone.
        const timer = setTimeout(() => settle(exitCode), STDIO_DRAIN_MS);
        child.once('close', () => {
          clearTimeout(timer);
          settle(exitCode);
        });
      });
      child.on('error', (error) => {
        log.warn('kernel process error', { error: error.message });
        if (child.pid === undefined) settle(null);
      });
    });
  }

  static start(
    executable: string,
    args: string[],
    options: { cwd: string; env: Record<string, string> },
    log: Logger,
  ): KernelProcess {
    const child = spawn(executable, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    return new KernelProcess(child, log);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines of the kernel's console, for error reports. */
  recentDiagnostics(): string[] {
    return this.console.lastLines(50);
  }

  /** Signals the whole process group; harmless when it is already gone. */
  signalGroup(signal: Signal): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
        this.log.warn('cannot signal kernel process group', {
          pid: this.child.pid,
          signal,
          error: String(error),
        });
      }
    }
  }

  /** Resolves with the exit code, or undefined if the process is still there after `ms`. */
  async waitForExit(ms: number): Promise<number | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Drops the agent's end of the pipes without a word to the runner, as the agent's death would
   * (its file descriptors closed by the kernel): the runner reads the end of its input and exits
   * by itself; whatever user code started stays. `exited` still reports the exit.
   */
  abandon(): void {
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.child.unref();
  }
}
