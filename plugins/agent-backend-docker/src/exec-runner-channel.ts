import { readFile, readdir } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Dockerode from 'dockerode';
import { TesseraError, type Logger, type RunnerChannel, type RunnerMessage } from '@tessera/core';

/** Exit code of a step that did not run (a failed build's exec, a command docker could not start). */
const COMMAND_NOT_RUN = 127;
const NO_RUNNER = 'this image has no runner (no ai.backend.runtime-type): only batch commands run in it';

/** The runner ops that run a command, and the op that reports its end. */
const STEP_FINISHED: Record<string, string> = {
  code: 'finished',
  clean: 'clean-finished',
  build: 'build-finished',
  exec: 'finished',
};

interface Step {
  op: string;
  command: string;
}

/** What the channel needs to reach the kernel's container. */
export interface ExecTarget {
  docker: Dockerode;
  container: Dockerode.Container;
  /** `uid:gid` the commands run as. */
  user: string;
  workDir: string;
}

/** Fields 0 (pid), 3 (ppid) and 4 (pgrp) of /proc/<pid>/stat. */
async function processStat(pid: number): Promise<{ ppid: number; pgrp: number } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it, from the host's /proc. */
async function processTree(pid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    const child = Number(entry);
    if (!Number.isInteger(child)) continue;
    const stat = await processStat(child);
    if (!stat) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), child]);
  }
  const tree: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    tree.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return tree;
}

/**
 * A RunnerChannel for images without a language runtime: it speaks the runner protocol itself and
 * runs each step as `docker exec sh -c <command>` as the kernel's user in /home/work. `code` and
 * `exec` answer their output then `finished {exitCode}`; `clean`/`build` answer
 * `clean-finished`/`build-finished` (an empty command finishes at once with 0; a failed build makes
 * the next exec finish with 127 without running, as the Python runner does); steps run one at a
 * time, in order. `interrupt` sends SIGINT to the running step's processes. `input` and
 * `start-service` are refused with a message, `shutdown-service` answers `not-running`, `complete`
 * answers no suggestions.
 */
export class ExecRunnerChannel implements RunnerChannel {
  private readonly listeners: Array<(message: RunnerMessage) => void> = [];
  private readonly early: RunnerMessage[] = [];
  private readonly queue: Step[] = [];
  private readonly readyPromise: Promise<void>;
  private running: { exec?: Dockerode.Exec; stream?: NodeJS.ReadableStream } | undefined;
  private buildFailed = false;
  private closed = false;

  constructor(
    private readonly target: ExecTarget,
    readiness: Promise<void>,
    private readonly log: Logger,
    reattached = false,
  ) {
    this.readyPromise = readiness.then(() => this.emit('ready', { reattached }));
    this.readyPromise.catch(() => undefined);
  }

  send(message: RunnerMessage): void {
    if (this.closed) {
      throw new TesseraError('kernel-not-running', 'The kernel is no longer reachable', { op: message.op });
    }
    const data = message.data;
    switch (message.op) {
      case 'code':
      case 'clean':
      case 'build':
      case 'exec':
        this.queue.push({ op: message.op, command: typeof data === 'string' ? data : '' });
        if (!this.running) void this.drain();
        break;
      case 'interrupt':
        void this.interrupt();
        break;
      case 'input':
        this.emit('stderr', `${NO_RUNNER}; input is not supported\n`);
        break;
      case 'complete':
        this.emit('completion', { suggestions: [] });
        break;
      case 'start-service': {
        const requestId = (data as { requestId?: unknown } | null)?.requestId;
        this.emit('service-result', { requestId, status: 'failed', error: NO_RUNNER });
        break;
      }
      case 'shutdown-service': {
        // Nothing was started, so there is nothing to stop.
        const requestId = (data as { requestId?: unknown } | null)?.requestId;
        this.emit('service-stopped', { requestId, status: 'not-running' });
        break;
      }
      case 'exit':
        break; // the backend stops the container
      default:
        this.log.debug('exec runner ignores an op', { op: message.op });
    }
  }

  onMessage(listener: (message: RunnerMessage) => void): void {
    this.listeners.push(listener);
    if (this.listeners.length === 1) for (const message of this.early.splice(0)) listener(message);
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    const stream = this.running?.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    stream?.destroy?.();
  }

  private emit(op: string, data: unknown): void {
    const message = { op, data };
    if (this.listeners.length === 0) {
      this.early.push(message);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  private async drain(): Promise<void> {
    await this.readyPromise.catch(() => undefined);
    while (!this.closed && !this.running) {
      const step = this.queue.shift();
      if (!step) return;
      this.running = {};
      let exitCode: number;
      try {
        exitCode = await this.runStep(step);
      } catch (error) {
        this.emit('stderr', `cannot run the command: ${(error as Error).message}\n`);
        exitCode = COMMAND_NOT_RUN;
      } finally {
        this.running = undefined;
      }
      if (step.op === 'build') this.buildFailed = exitCode !== 0;
      if (!this.closed) this.emit(STEP_FINISHED[step.op], { exitCode });
    }
  }

  private async runStep(step: Step): Promise<number> {
    if (step.op === 'clean') this.buildFailed = false;
    if (step.op === 'exec' && this.buildFailed) {
      this.buildFailed = false;
      return COMMAND_NOT_RUN;
    }
    let command = step.command;
    if (command.trim() === '*') {
      if (step.op === 'build') command = 'if [ -f Makefile ]; then exec make; fi';
      else if (step.op === 'exec') {
        this.emit('stderr', `${NO_RUNNER}; there is no default command to run\n`);
        return COMMAND_NOT_RUN;
      } else command = '';
    }
    if (command.trim() === '') return 0;
    return this.execute(command);
  }

  /** Runs one command through `docker exec`, forwarding its output; answers its exit code. */
  private async execute(command: string): Promise<number> {
    const { docker, container, user, workDir } = this.target;
    const exec = await container.exec({
      Cmd: ['/bin/sh', '-c', command],
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: user,
      WorkingDir: workDir,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    if (this.running) Object.assign(this.running, { exec, stream });
    await new Promise<void>((resolve) => {
      const forward = (op: 'stdout' | 'stderr') => {
        const decoder = new StringDecoder('utf8');
        return new Writable({
          write: (chunk: Buffer, _encoding, done) => {
            const text = decoder.write(chunk);
            if (text) this.emit(op, text);
            done();
          },
          final: (done) => {
            const tail = decoder.end();
            if (tail) this.emit(op, tail);
            done();
          },
        });
      };
      const stdout = forward('stdout');
      const stderr = forward('stderr');
      docker.modem.demuxStream(stream, stdout, stderr);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stdout.end();
        stderr.end();
        resolve();
      };
      stream.on('end', end);
      stream.on('close', end);
      stream.on('error', end);
    });
    // The exec can still say Running for a moment after its output closed.
    for (let attempt = 0; attempt < 50; attempt++) {
      const info = await exec.inspect();
      if (!info.Running) return info.ExitCode ?? COMMAND_NOT_RUN;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return COMMAND_NOT_RUN;
  }

  /** SIGINT to the running step: its process group when it leads one, else its whole process tree. */
  private async interrupt(): Promise<void> {
    const running = this.running;
    if (!running?.exec) return;
    const { Pid: pid } = await running.exec.inspect();
    if (!pid) return;
    const stat = await processStat(pid);
    const targets = stat?.pgrp === pid ? [-pid] : await processTree(pid);
    try {
      for (const target of targets) process.kill(target, 'SIGINT');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return;
      if (code !== 'EPERM') throw error;
      await this.interruptFromInside(pid);
    }
  }

  /** When the agent may not signal the kernel's user, a `kill` run as that user inside does. */
  private async interruptFromInside(hostPid: number): Promise<void> {
    const status = await readFile(`/proc/${hostPid}/status`, 'utf8').catch(() => '');
    const line = status.split('\n').find((l) => l.startsWith('NSpid:'));
    const inner = line?.trim().split(/\s+/).pop();
    if (!inner) return;
    const exec = await this.target.container.exec({
      Cmd: ['/bin/sh', '-c', `kill -INT -${inner} 2>/dev/null || kill -INT ${inner}`],
      User: this.target.user,
      AttachStdout: false,
      AttachStderr: false,
    });
    await exec.start({ Detach: true });
  }
}
