/** Wire types of the execute API (api-spec §3.2, §4). */

export type ExecutionMode = 'query' | 'batch' | 'continue' | 'input';

export type ExecutionStatus =
  'finished' | 'continued' | 'waiting-input' | 'clean-finished' | 'build-finished' | 'exec-timeout';

/** Batch steps; `"*"` asks for the image's default build. Missing or empty skips a step. */
export interface BatchOptions {
  clean?: string;
  build?: string;
  exec?: string;
}

export interface ExecuteRequest {
  mode: ExecutionMode;
  runId?: string;
  code?: string;
  options?: BatchOptions | Record<string, unknown>;
  signal?: AbortSignal;
}

/** `[type, data]`: `['stdout', text]`, `['stderr', text]`, `['media', [mime, data]]`, `['html', text]`, `['log', [...]]`. */
export type ConsoleItem = [string, unknown];

export interface ExecutionResult {
  runId: string;
  status: ExecutionStatus;
  console: ConsoleItem[];
  /** Set for finished, clean-finished and build-finished; negative means a Backend.AI-side error. */
  exitCode: number | null;
  /** `{ is_password: boolean }` while waiting for input. */
  options: Record<string, unknown> | null;
  files: Array<{ name: string; url: string }>;
}
