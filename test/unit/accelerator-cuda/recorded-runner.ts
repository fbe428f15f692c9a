import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `test/fixtures/accelerators/<parts...>`, from the compiled test folder. */
export function acceleratorFixture(...parts: string[]): string {
  return join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'accelerators', ...parts);
}

/** A recorded answer: a fixture file's content (exit 0), or an explicit result. */
export type RecordedAnswer = string | { exitCode: number; stdout?: string; stderr?: string; file?: string };

export interface RecordedCall {
  command: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
}

/**
 * A command runner (the plugins' `CommandRunner`) that answers from recorded outputs: `answers`
 * maps `<args joined by spaces>` to a fixture file of `folder` or to an explicit result. A command
 * it has no answer for rejects, naming it, so a test never passes on an unrecorded call.
 */
export function recordedRunner(folder: string, answers: Record<string, RecordedAnswer>) {
  const calls: RecordedCall[] = [];
  const run = async (
    command: string,
    args: readonly string[],
    options: { env?: Record<string, string>; input?: string } = {},
  ) => {
    calls.push({ command, args: [...args], env: options.env, input: options.input });
    const answer = answers[args.join(' ')];
    if (answer === undefined) throw new Error(`no recorded output for: ${command} ${args.join(' ')}`);
    if (typeof answer === 'string') {
      return { stdout: readFileSync(join(folder, answer), 'utf8'), stderr: '', exitCode: 0 };
    }
    const stdout = answer.file ? readFileSync(join(folder, answer.file), 'utf8') : (answer.stdout ?? '');
    return { stdout, stderr: answer.stderr ?? '', exitCode: answer.exitCode };
  };
  return { run, calls };
}
