import { randomBytes } from 'node:crypto';
import {
  TesseraError,
  type BatchOptions,
  type ExecuteRequest,
  type ExecutionResult,
  type Logger,
  type RunnerChannel,
  type RunnerMessage,
} from '@tessera/core';
import { Run } from './run';

/** Exit code of runs cut short because the kernel went away (negative: a Tessera-side condition). */
export const KERNEL_GONE_EXIT_CODE = -1;

/** Calls `fire` after `ms` unless the returned function is called first (tests pass a fake clock). */
export type ExecTimer = (ms: number, fire: () => void) => () => void;

const realTimer: ExecTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * How long a run's exec-timeout answer waits for a call to take it when none was waiting as it
 * timed out, before `onTimeout` is called anyway (a client that stopped asking).
 */
export const EXEC_TIMEOUT_ANSWER_WAIT_MS = 10_000;

/** The execution timeout (Backend.AI's exec-timeout): how long one run may last, and who hears of it. */
export interface ExecTimeout {
  /** Milliseconds a run may last from when the runner is given it; 0: no limit. */
  ms: number;
  /**
   * Called once a run timed out and its exec-timeout answer was handed to a call (or nobody took
   * it within EXEC_TIMEOUT_ANSWER_WAIT_MS): the kernel is to be destroyed. The executor takes no
   * more runs from the moment the run times out.
   */
  onTimeout(runId: string): void;
  timer?: ExecTimer;
}

/**
 * Runs code on one kernel. Runs are queued FIFO: the runner works on one at a time, and the next
 * run's ops are sent only once the runner has finished the previous one, so every message the
 * runner sends belongs to the active run. Each execute call returns at the run's next checkpoint,
 * or after the flush interval with status `continued` and the output so far.
 *
 * With an execution timeout, a run still going that long after it was handed to the runner ends
 * with status `exec-timeout` and its output so far; the executor then takes no further runs (the
 * runs queued behind it end when the kernel is destroyed, which `onTimeout`, called once that
 * answer has been taken, is for).
 */
export class KernelExecutor {
  private readonly runs = new Map<string, Run>();
  private readonly queue: Run[] = [];
  private active: Run | undefined;
  private gone = false;
  /** Cancels the active run's execution timeout. */
  private cancelTimeout: (() => void) | undefined;
  /** A run that timed out and whose answer no call has taken yet, with the wait's cancel. */
  private timedOutRun: { runId: string; stopWaiting: () => void } | undefined;

  constructor(
    private readonly runner: RunnerChannel,
    private readonly flushIntervalMs: number,
    private readonly log: Logger,
    private readonly timeout: ExecTimeout = { ms: 0, onTimeout: () => undefined },
  ) {
    runner.onMessage((message) => this.receive(message));
  }

  async execute(request: ExecuteRequest): Promise<ExecutionResult> {
    const runId = request.runId || randomBytes(8).toString('hex');
    let run = this.runs.get(runId);
    if (request.mode === 'query' || request.mode === 'batch') {
      run ??= this.enqueue(runId, request);
    } else if (!run) {
      throw TesseraError.badRequest('invalid-api-params', 'There is no run with this runId on the kernel', {
        runId,
        mode: request.mode,
      });
    } else if (request.mode === 'input') {
      this.sendInput(run, request.code);
    }
    return run.serve(() => this.collect(run));
  }

  interrupt(): void {
    this.send({ op: 'interrupt', data: null });
  }

  /**
   * Ends every pending run: the kernel has exited or been destroyed, or restarted (`why` says
   * which on the runs' stderr).
   */
  kernelGone(exitCode: number | null, why = 'The kernel exited before the run finished.'): void {
    this.gone = true;
    this.stopTimeout();
    const code = exitCode ?? KERNEL_GONE_EXIT_CODE;
    for (const run of [this.active, ...this.queue.splice(0)]) {
      if (!run || run.ended) continue;
      run.append('stderr', `\n${why}\n`);
      run.checkpoint('finished', code);
    }
    this.active = undefined;
  }

  private enqueue(runId: string, request: ExecuteRequest): Run {
    if (this.gone) {
      throw new TesseraError('kernel-not-running', 'The kernel is no longer running', { runId });
    }
    const batchOptions = (request.mode === 'batch' ? (request.options ?? {}) : {}) as BatchOptions;
    const run = new Run(runId, request.mode as 'query' | 'batch', request.code ?? '', batchOptions);
    this.runs.set(runId, run);
    this.queue.push(run);
    this.startNext();
    return run;
  }

  private async collect(run: Run): Promise<ExecutionResult> {
    await run.waitForCheckpoint(this.flushIntervalMs);
    const checkpoint = run.takeCheckpoint();
    if (!checkpoint) {
      return {
        runId: run.runId,
        status: 'continued',
        console: run.takeOutput(),
        exitCode: null,
        options: null,
        files: [],
      };
    }
    if (checkpoint.status === 'finished' || checkpoint.status === 'exec-timeout') this.runs.delete(run.runId);
    if (checkpoint.status === 'exec-timeout') this.timeoutAnswered(run.runId);
    return { runId: run.runId, ...checkpoint, files: [] };
  }

  private sendInput(run: Run, text: string): void {
    if (run !== this.active || !run.waitingInput) {
      throw TesseraError.badRequest('invalid-api-params', 'The run is not waiting for input', {
        runId: run.runId,
      });
    }
    run.waitingInput = false;
    this.send({ op: 'input', data: text });
  }

  private startNext(): void {
    if (this.active || this.gone) return;
    const run = this.queue.shift();
    if (!run) return;
    this.active = run;
    this.startTimeout(run);
    if (run.mode === 'query') {
      this.send({ op: 'code', data: run.code });
    } else {
      const { clean, build, exec } = run.batchOptions;
      this.send({ op: 'clean', data: clean ?? '' });
      this.send({ op: 'build', data: build ?? '' });
      this.send({ op: 'exec', data: exec ?? '' });
    }
  }

  private startTimeout(run: Run): void {
    if (this.timeout.ms <= 0) return;
    const timer = this.timeout.timer ?? realTimer;
    this.cancelTimeout = timer(this.timeout.ms, () => this.timedOut(run));
  }

  private stopTimeout(): void {
    this.cancelTimeout?.();
    this.cancelTimeout = undefined;
  }

  private timedOut(run: Run): void {
    if (run !== this.active || run.ended) return;
    this.cancelTimeout = undefined;
    this.gone = true;
    this.active = undefined;
    this.log.info('run exceeded the execution timeout', { runId: run.runId, execTimeoutMs: this.timeout.ms });
    // The kernel ends once the answer is taken: by the call waiting now, or else by the next one
    // (a client's continue calls follow one another), which would find no kernel to ask if it had
    // already been destroyed.
    const timer = this.timeout.timer ?? realTimer;
    this.timedOutRun = {
      runId: run.runId,
      stopWaiting: timer(EXEC_TIMEOUT_ANSWER_WAIT_MS, () => this.timeoutAnswered(run.runId)),
    };
    run.checkpoint('exec-timeout', null);
  }

  /** The timed-out run's answer was taken (or waited long enough): `onTimeout`, once. */
  private timeoutAnswered(runId: string): void {
    if (this.timedOutRun?.runId !== runId) return;
    this.timedOutRun.stopWaiting();
    this.timedOutRun = undefined;
    this.timeout.onTimeout(runId);
  }

  private send(message: RunnerMessage): void {
    try {
      this.runner.send(message);
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'kernel-not-running') {
        this.kernelGone(null);
        return;
      }
      throw error;
    }
  }

  private receive(message: RunnerMessage): void {
    const run = this.active;
    if (!run) {
      if (message.op !== 'ready') this.log.debug('runner message outside a run', { op: message.op });
      return;
    }
    const data = message.data as Record<string, unknown> | string | null;
    switch (message.op) {
      case 'stdout':
      case 'stderr':
      case 'html':
        run.append(message.op, data);
        break;
      case 'media': {
        const media = (data ?? {}) as { type?: string; data?: unknown };
        run.append('media', [media.type ?? 'application/octet-stream', media.data ?? '']);
        break;
      }
      case 'waiting-input':
        run.checkpoint('waiting-input', null, {
          is_password: Boolean((data as { is_password?: unknown })?.is_password),
        });
        break;
      case 'clean-finished':
      case 'build-finished':
        run.checkpoint(message.op, exitCodeOf(data));
        break;
      case 'finished':
        run.checkpoint('finished', exitCodeOf(data));
        this.stopTimeout();
        this.active = undefined;
        this.startNext();
        break;
      default:
        this.log.debug('ignoring runner message', { op: message.op });
    }
  }
}

function exitCodeOf(data: unknown): number {
  const code = (data as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : KERNEL_GONE_EXIT_CODE;
}
