import type { BatchOptions, CreateSessionOptions, SessionType } from '@tessera/client';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../cli-errors';

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
}

/**
 * Checks the flags of `tessera run` and turns them into a plan. Without `-t` the session gets a
 * generated name, so it can still be found and destroyed if the user presses Ctrl-C while it is
 * being created.
 */
export function planRun(image: string, files: string[], flags: RunFlags): RunPlan {
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
    },
    code: flags.code,
    batch,
    files,
    remove: flags.rm ?? false,
    quiet: flags.quiet ?? false,
    stream: flags.stream ?? true,
  };
}

function batchSteps(flags: RunFlags): BatchOptions | undefined {
  const steps: BatchOptions = {};
  if (flags.clean) steps.clean = flags.clean;
  if (flags.build) steps.build = flags.build;
  if (flags.exec) steps.exec = flags.exec;
  return Object.keys(steps).length > 0 ? steps : undefined;
}
