/** The execute API's wire types (Backend.AI "Execution Result Object"). */

export type ExecutionMode = 'query' | 'batch' | 'continue' | 'input';

export interface BatchOptions {
  clean?: string | null;
  build?: string | null;
  exec?: string | null;
}

export interface ExecuteRequest {
  mode: ExecutionMode;
  runId: string;
  code: string;
  options?: BatchOptions | Record<string, unknown> | null;
}

export type ExecutionStatus =
  'finished' | 'continued' | 'waiting-input' | 'clean-finished' | 'build-finished' | 'exec-timeout';

/** `[type, data]`: stdout/stderr text, `['media', [mime, data]]`, html, log. */
export type ConsoleItem = [string, unknown];

export interface ExecutionResult {
  runId: string;
  status: ExecutionStatus;
  console: ConsoleItem[];
  /** Only for finished / clean-finished / build-finished; null otherwise. */
  exitCode: number | null;
  options: Record<string, unknown> | null;
  files: Array<{ name: string; url: string }>;
}
