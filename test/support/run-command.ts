import { spawn } from 'node:child_process';

export interface CommandOptions {
  /** Extra environment variables, merged over this process's environment. */
  env?: Record<string, string>;
  /** Written to the command's standard input, which is then closed. */
  input?: string;
  /** The command is killed, and the promise rejected, after this long. */
  timeoutMs?: number;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/** Failure of a command run by {@link runCommand}: it could not start, exited non-zero, or timed out. */
export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${command}: ${reason}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    this.name = 'CommandFailedError';
  }
}

/** Runs a program (no shell) and resolves with its output when it exits with status 0. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const reason = error.code === 'ENOENT' ? `${file} is not installed (not found on PATH)` : error.message;
      reject(new CommandFailedError(command, reason, stdout, stderr));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new CommandFailedError(
            command,
            `timed out after ${options.timeoutMs ?? 30_000} ms`,
            stdout,
            stderr,
          ),
        );
      } else if (code === 0) {
        resolve({ stdout, stderr });
      } else {
        const reason = signal ? `killed by ${signal}` : `exited with status ${code}`;
        reject(new CommandFailedError(command, reason, stdout, stderr));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
