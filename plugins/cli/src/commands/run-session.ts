import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  BackendAPIError,
  BackendClientError,
  type Client,
  type RunHandlers,
  type RunOutcome,
  type UploadFile,
} from '@tessera/client';
import type { CliIo } from '../cli-io';
import { CommandFailure, UsageError } from '../cli-errors';
import { ConsolePrinter } from '../console-printer';
import { EXIT } from '../failure-report';
import { TerminalInput } from '../terminal-input';
import type { RunPlan } from './run-plan';

const UPLOAD_BATCH = 20;
const CLEANUP_TIMEOUT_MS = 30_000;

/**
 * `tessera run` after its options are checked: create the session, upload files, drive the run
 * while printing its output, and with `--rm` destroy the session afterwards, also after a failure
 * or Ctrl-C. The first Ctrl-C cancels the run; a second one gives up on the cleanup.
 */
export class RunSession {
  private readonly printer: ConsolePrinter;
  private readonly input: TerminalInput;
  private readonly cancelRun = new AbortController();
  private readonly cancelCleanup = new AbortController();
  private interrupted = false;
  private sessionRequested = false;

  constructor(
    private readonly client: Client,
    private readonly plan: RunPlan,
    private readonly io: CliIo,
  ) {
    this.printer = new ConsolePrinter(io.stdout, io.stderr);
    this.input = new TerminalInput(io);
  }

  get sessionName(): string {
    return this.plan.session.name;
  }

  async run(): Promise<number> {
    const stopListening = this.io.onInterrupt(() => this.onInterrupt());
    let exitCode: number = EXIT.failed;
    let failure: unknown;
    try {
      exitCode = await this.createAndRun();
    } catch (error) {
      failure = error;
    } finally {
      this.input.close();
    }
    try {
      if (this.plan.remove && this.sessionRequested) {
        const destroyed = await this.destroy();
        if (!destroyed && failure === undefined && exitCode === EXIT.ok) exitCode = EXIT.failed;
      }
    } finally {
      stopListening();
    }
    if (this.interrupted) {
      const left = this.plan.remove
        ? ''
        : `; session ${this.sessionName} is still running (tessera rm ${this.sessionName})`;
      throw new CommandFailure(`interrupted${left}`, EXIT.interrupted);
    }
    if (failure !== undefined) throw failure;
    return exitCode;
  }

  private async createAndRun(): Promise<number> {
    const signal = this.cancelRun.signal;
    const session = await this.client
      .createSession({ ...this.plan.session, signal })
      .catch((error: unknown) => {
        this.sessionRequested = mayHaveCreated(error);
        throw error;
      });
    this.sessionRequested = true;
    const name = session.sessId ?? this.sessionName;
    this.note(
      `session ${name} ${session.created === false ? 'reused' : 'created'} (${String(session.status)})`,
    );
    if (this.plan.session.enqueueOnly) {
      this.note(`session ${name} is queued; nothing was run (--enqueue-only)`);
      return EXIT.ok;
    }
    this.checkStarted(name, String(session.status ?? '').toUpperCase());
    if (this.plan.files.length > 0) await this.upload(name, signal);
    const handlers: RunHandlers = {
      signal,
      onOutput: (item: Parameters<ConsolePrinter['print']>[0]) => this.printer.print(item),
      onInput: ({ isPassword }: { isPassword: boolean }) =>
        this.input.readLine({ secret: isPassword, signal }),
      onStep: (step: string, exitCode: number | null) => this.note(`${step} (exit code ${String(exitCode)})`),
    };
    return this.exitCodeOf(await this.execute(name, handlers));
  }

  /**
   * Over the execute WebSocket unless --no-stream; a manager that does not serve the stream
   * (404 url-not-found, or an answer that does not switch protocols, before anything ran) gets the REST loop instead.
   */
  private async execute(name: string, handlers: RunHandlers): Promise<RunOutcome> {
    const batch = this.plan.batch ?? {};
    if (this.plan.stream) {
      try {
        return this.plan.code !== undefined
          ? await this.client.streamRunCode(name, this.plan.code, handlers)
          : await this.client.streamRunBatch(name, batch, handlers);
      } catch (error) {
        const noStream =
          (error instanceof BackendAPIError &&
            error.status === 404 &&
            error.problemSlug === 'url-not-found') ||
          (error instanceof BackendClientError && error.reason === 'unsupported');
        if (!noStream) throw error;
        this.note('the manager has no execute stream; running through the REST execute API');
      }
    }
    return this.plan.code !== undefined
      ? this.client.runCode(name, this.plan.code, handlers)
      : this.client.runBatch(name, batch, handlers);
  }

  private checkStarted(name: string, status: string): void {
    if (status === 'PENDING' || status === 'SCHEDULED' || status === 'PREPARING') {
      const wait = this.plan.session.maxWaitSeconds ? ` within ${this.plan.session.maxWaitSeconds} s` : '';
      throw new CommandFailure(`session ${name} did not start${wait}; it is still ${status}`);
    }
    if (status === 'ERROR' || status === 'TERMINATED' || status === 'CANCELLED') {
      throw new CommandFailure(`session ${name} could not start (status ${status})`);
    }
  }

  private exitCodeOf(outcome: RunOutcome): number {
    if (outcome.status === 'exec-timeout') throw new CommandFailure('the run timed out in the kernel');
    const code = outcome.exitCode;
    if (code !== null && code < 0)
      throw new CommandFailure(`the kernel failed to run the code (exit code ${code})`);
    this.note(`finished (exit code ${String(code)})`);
    if (!this.plan.exitWithProgram || !code) return EXIT.ok;
    return code <= 255 ? code : EXIT.failed;
  }

  private async upload(name: string, signal: AbortSignal): Promise<void> {
    const files: UploadFile[] = [];
    for (const file of this.plan.files) {
      const path = resolve(this.io.cwd, file);
      const inSession = relative(this.io.cwd, path);
      if (inSession.startsWith('..') || isAbsolute(inSession)) {
        throw new UsageError(`${file} is outside the current folder; files are uploaded relative to it`);
      }
      files.push({ name: inSession.split(sep).join('/'), content: await readFile(path) });
    }
    for (let first = 0; first < files.length; first += UPLOAD_BATCH) {
      await this.client.upload(name, files.slice(first, first + UPLOAD_BATCH), { signal });
    }
    this.note(`uploaded ${files.length} file(s)`);
  }

  /** Destroys the session; false (after saying why on stderr) when that failed. */
  private async destroy(): Promise<boolean> {
    const timeout = AbortSignal.timeout(CLEANUP_TIMEOUT_MS);
    try {
      await this.client.destroySession(this.sessionName, {
        signal: AbortSignal.any([this.cancelCleanup.signal, timeout]),
      });
      this.note(`session ${this.sessionName} destroyed`);
      return true;
    } catch (error) {
      if (error instanceof BackendAPIError && error.status === 404) return true; // never created
      const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
      this.io.stderr.write(`tessera: could not destroy session ${this.sessionName}: ${reason}\n`);
      return false;
    }
  }

  private onInterrupt(): void {
    if (this.interrupted) {
      this.cancelCleanup.abort();
      return;
    }
    this.interrupted = true;
    this.cancelRun.abort();
    this.note(this.plan.remove ? `interrupted; destroying session ${this.sessionName}` : 'interrupted');
  }

  /** Progress for people on stderr, so stdout carries only the program's output; -q silences it. */
  private note(text: string): void {
    if (!this.plan.quiet) this.io.stderr.write(`∙ ${text}\n`);
  }
}

/** Whether a failed create request may still have left a session behind (so --rm must clean up). */
function mayHaveCreated(error: unknown): boolean {
  if (error instanceof BackendAPIError) return error.status >= 500;
  if (error instanceof BackendClientError) {
    return (
      error.reason === 'aborted' || error.reason === 'read-timeout' || error.reason === 'connection-lost'
    );
  }
  return true;
}
