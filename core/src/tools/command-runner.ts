import { execFile } from 'node:child_process';

/** What a finished command printed and how it ended. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CommandOptions {
  /** Extra environment variables, on top of the agent's own. */
  env?: Record<string, string>;
  /** Written to the command's standard input, which is then closed. */
  input?: string;
}

/**
 * Runs a host tool (a vendor CLI such as `nvidia-smi` or `rocm-smi`). Resolves with the exit code
 * whatever it is; rejects with `CommandNotFoundError` when the executable does not exist. Tests
 * inject a runner that answers with recorded outputs.
 */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: CommandOptions,
) => Promise<CommandResult>;

export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command} was not found (not installed, or not on PATH)`);
    this.name = 'CommandNotFoundError';
  }
}

const TIMEOUT_MS = 15_000;

/** The runner of the real host: `execFile`, no shell, a 15 s timeout. */
export const runCommand: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      command,
      [...args],
      { env: { ...process.env, ...options.env }, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'EACCES') return reject(new CommandNotFoundError(command));
        if (error && typeof code !== 'number' && !error.killed) return reject(error);
        resolve({ stdout, stderr, exitCode: error ? (typeof code === 'number' ? code : 1) : 0 });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
