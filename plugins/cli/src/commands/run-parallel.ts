import { Writable } from 'node:stream';
import type { Client } from '@tessera/client';
import type { CliIo } from '../cli-io';
import { CommandFailure } from '../cli-errors';
import { EXIT, describeFailure } from '../failure-report';
import type { ParallelPlan } from './run-plan';
import { RunSession } from './run-session';

/**
 * Writes whole lines to `target`, each starting with `prefix`; a last line without a newline is
 * written by `flush()`. Parallel runs share stdout and stderr without mixing inside a line.
 */
export class PrefixedLines extends Writable {
  private pending = '';

  constructor(
    private readonly target: NodeJS.WritableStream,
    private readonly prefix: string,
  ) {
    super({ decodeStrings: false });
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    const text = this.pending + chunk.toString();
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    if (lines.length > 0) this.target.write(lines.map((line) => `${this.prefix}${line}\n`).join(''));
    done();
  }

  flush(): void {
    if (this.pending !== '') this.target.write(`${this.prefix}${this.pending}\n`);
    this.pending = '';
  }
}

/**
 * Runs each planned combination as its own `tessera run` (session, upload, run, --rm), at most
 * `maxParallel` at a time, every line of output prefixed with `[session-name] `. Returns 0 when
 * every run succeeded with exit code 0; otherwise prints which failed and exits 1.
 */
export async function runInParallel(client: Client, plan: ParallelPlan, io: CliIo): Promise<number> {
  const quiet = plan.runs[0]?.quiet ?? false;
  if (!quiet) {
    io.stderr.write(`∙ ${plan.runs.length} runs, at most ${plan.maxParallel} at a time:\n`);
    for (const run of plan.runs) io.stderr.write(`∙   ${run.session.name}: ${run.label}\n`);
  }
  const failures: string[] = [];
  let interrupted = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.runs.length && !interrupted) {
      const run = plan.runs[next++]!;
      const prefix = `[${run.session.name}] `;
      const stdout = new PrefixedLines(io.stdout, prefix);
      const stderr = new PrefixedLines(io.stderr, prefix);
      try {
        const code = await new RunSession(client, run, { ...io, stdout, stderr }).run();
        if (code !== EXIT.ok) failures.push(`${run.session.name} (exit code ${code})`);
      } catch (error) {
        const report = describeFailure(error);
        if (report.exitCode === EXIT.interrupted) interrupted = true;
        stderr.write(`tessera: ${report.line}\n`);
        failures.push(`${run.session.name} (${report.line})`);
      } finally {
        stdout.flush();
        stderr.flush();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.maxParallel, plan.runs.length) }, () => worker()));
  if (interrupted) throw new CommandFailure('interrupted', EXIT.interrupted);
  if (failures.length > 0) {
    throw new CommandFailure(`${failures.length} of ${plan.runs.length} runs failed: ${failures.join(', ')}`);
  }
  if (!quiet) io.stderr.write(`∙ all ${plan.runs.length} runs succeeded\n`);
  return EXIT.ok;
}
