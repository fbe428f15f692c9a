import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import type { StorageProgress } from '@tessera/core';
import type { Logger } from '@tessera/core';
import { toProblem } from '../problem';

/** Progress lines are written at most this often. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Answers a long operation as NDJSON (status 200, application/x-ndjson): `{"progress": {bytes,
 * files}}` lines as work proceeds (throttled), then exactly one `{"done": true}` or `{"error":
 * {type, title, status}}`. The manager turns these into bgtask_* events.
 */
export function streamProgress(
  ctx: Context,
  log: Logger,
  work: (progress: StorageProgress) => Promise<void>,
): void {
  const out = new PassThrough();
  ctx.status = 200;
  ctx.type = 'application/x-ndjson';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = out;
  let last = 0;
  let latest: { bytes: number; files: number } | undefined;
  const write = (line: unknown) => {
    if (!out.writableEnded) out.write(`${JSON.stringify(line)}\n`);
  };
  const progress: StorageProgress = (done) => {
    latest = done;
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    write({ progress: { bytes: done.bytes, files: done.files } });
  };
  void (async () => {
    try {
      await work(progress);
      if (latest) write({ progress: latest });
      write({ done: true });
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500)
        log.error('a long operation failed', { path: ctx.path, error: String(error) });
      write({ error: { type: problem.problemType, title: problem.message, status: problem.status } });
    } finally {
      out.end();
    }
  })();
}
