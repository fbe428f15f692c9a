import type { BatchOptions, CreateSessionOptions, SessionType } from '@tessera/client';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../cli-errors';
import { expandCases, parseRange, parseStartsAt } from './run-ranges';

/** The options of `tessera run` as commander hands them over. */
export interface RunFlags {
  code?: string;
  rm?: boolean;
  name?: string;
  resources?: Record<string, string>;
  env?: Record<string, string>;
  enqueueOnly?: boolean;
  maxWait?: number;
  type?: SessionType;
  group?: string;
  domain?: string;
  tag?: string;
  quiet?: boolean;
  reuse?: boolean;
  exec?: string;
  build?: string;
  clean?: string;
  mount?: string[];
  /** false with --no-stream: the REST execute loop instead of the execute WebSocket. */
  stream?: boolean;
  clusterSize?: number;
  clusterMode?: 'single-node' | 'multi-node';
  /** --depends, repeatable: sessions that must finish first. */
  depends?: string[];
  startsAt?: string;
  /** --bootstrap-script: a local file (read by the command before planning). */
  bootstrapScript?: string;
  callbackUrl?: string;
  envRange?: string[];
  buildRange?: string[];
  execRange?: string[];
  maxParallel?: number;
}

/** Several runs from range options: one plan per combination, at most `maxParallel` at once. */
export interface ParallelPlan {
  runs: Array<RunPlan & { label: string }>;
  maxParallel: number;
}

/** What `tessera run` will do, decided before any request is sent. */
export interface RunPlan {
  session: CreateSessionOptions & { name: string };
  /** Query mode: the snippet to run. */
  code?: string;
  /** Batch mode: the clean/build/exec steps. */
  batch?: BatchOptions;
  /** Local files uploaded into the session before a batch run. */
  files: string[];
  remove: boolean;
  quiet: boolean;
  /** Run over the execute WebSocket (falling back to REST when the manager has no stream). */
  stream: boolean;
  /** The command's exit code follows the program's (with --rm, and for each of parallel runs). */
  exitWithProgram: boolean;
}

/**
 * Checks the flags of `tessera run` and turns them into a plan. Without `-t` the session gets a
 * generated name, so it can still be found and destroyed if the user presses Ctrl-C while it is
 * being created.
 */
export function planRun(
  image: string,
  files: string[],
  flags: RunFlags,
  extras: { bootstrapScript?: string; now?: Date } = {},
): RunPlan {
  const batch = batchSteps(flags);
  if (flags.code !== undefined && batch) {
    throw new UsageError(
      'use either -c/--code (query mode) or --exec/--build/--clean (batch mode), not both',
    );
  }
  if (flags.code !== undefined && files.length > 0) {
    throw new UsageError(
      'files are uploaded for batch mode; with -c/--code, pass --exec CMD as well or drop the files',
    );
  }
  if (flags.code === undefined && !batch && !flags.enqueueOnly) {
    throw new UsageError(
      files.length > 0
        ? 'say how to run the files: --exec CMD (and --build CMD, "*" for the image default)'
        : 'nothing to run: pass -c CODE, or --exec CMD for batch mode (--enqueue-only only creates the session)',
    );
  }
  if (flags.enqueueOnly && flags.rm) {
    throw new UsageError(
      '--rm cannot be combined with --enqueue-only: nothing runs, so there is nothing to wait for',
    );
  }
  return {
    session: {
      image,
      name: flags.name ?? `tessera-${randomBytes(4).toString('hex')}`,
      resources: flags.resources,
      env: flags.env,
      enqueueOnly: flags.enqueueOnly,
      maxWaitSeconds: flags.maxWait,
      reuseIfExists: flags.reuse ?? true,
      type: flags.type,
      group: flags.group,
      domain: flags.domain,
      tag: flags.tag,
      mounts: flags.mount,
      clusterSize: flags.clusterSize,
      clusterMode: flags.clusterMode,
      dependencies: flags.depends,
      startsAt: flags.startsAt === undefined ? undefined : parseStartsAt(flags.startsAt, extras.now),
      bootstrapScript: extras.bootstrapScript,
      callbackUrl: flags.callbackUrl,
    },
    code: flags.code,
    batch,
    files,
    remove: flags.rm ?? false,
    quiet: flags.quiet ?? false,
    stream: flags.stream ?? true,
    exitWithProgram: flags.rm ?? false,
  };
}

/**
 * planRun for each combination of the range options (--env-range, --build-range, --exec-range);
 * undefined when there are none, so the command makes a single run. Runs are named NAME-1, NAME-2,
 * ... after -t NAME (or a generated name).
 */
export function planParallelRuns(
  image: string,
  files: string[],
  flags: RunFlags,
  extras: { bootstrapScript?: string; now?: Date } = {},
): ParallelPlan | undefined {
  const ranges = {
    env: (flags.envRange ?? []).map((text) => parseRange('--env-range', text)),
    build: (flags.buildRange ?? []).map((text) => parseRange('--build-range', text)),
    exec: (flags.execRange ?? []).map((text) => parseRange('--exec-range', text)),
  };
  if (ranges.env.length + ranges.build.length + ranges.exec.length === 0) return undefined;
  if (ranges.build.length > 0 && flags.build === undefined)
    throw new UsageError('--build-range fills $NAME in --build CMD; pass --build as well');
  if (ranges.exec.length > 0 && flags.exec === undefined)
    throw new UsageError('--exec-range fills $NAME in --exec CMD; pass --exec as well');
  if (flags.enqueueOnly)
    throw new UsageError('range options run programs; they cannot be combined with --enqueue-only');
  const maxParallel = flags.maxParallel ?? 2;
  if (!Number.isInteger(maxParallel) || maxParallel < 1)
    throw new UsageError(
      `--max-parallel must be a whole number of 1 or more, got ${String(flags.maxParallel)}`,
    );
  const cases = expandCases({ env: flags.env ?? {}, build: flags.build, exec: flags.exec }, ranges);
  const base = flags.name ?? `tessera-${randomBytes(4).toString('hex')}`;
  if (cases.length > 1 && base.length + 1 + String(cases.length).length > 64)
    throw new UsageError(
      `-t/--name "${base}" is too long to number ${cases.length} runs (at most 64 characters in all)`,
    );
  const runs = cases.map((runCase, index) => {
    const name = cases.length > 1 ? `${base}-${index + 1}` : base;
    const plan = planRun(
      image,
      files,
      { ...flags, name, env: runCase.env, build: runCase.build, exec: runCase.exec },
      extras,
    );
    return { ...plan, exitWithProgram: true, label: runCase.label };
  });
  return { runs, maxParallel };
}

function batchSteps(flags: RunFlags): BatchOptions | undefined {
  const steps: BatchOptions = {};
  if (flags.clean) steps.clean = flags.clean;
  if (flags.build) steps.build = flags.build;
  if (flags.exec) steps.exec = flags.exec;
  return Object.keys(steps).length > 0 ? steps : undefined;
}
