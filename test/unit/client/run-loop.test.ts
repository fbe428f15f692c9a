import { expect } from 'chai';
import {
  BackendClientError,
  followRun,
  type ConsoleItem,
  type ExecuteRequest,
  type ExecutionResult,
} from '@tessera/client';

/** An execute function that answers from a script and records what it was asked. */
function scripted(answers: Array<Partial<ExecutionResult>>) {
  const calls: ExecuteRequest[] = [];
  const execute = async (request: ExecuteRequest): Promise<ExecutionResult> => {
    calls.push({ mode: request.mode, runId: request.runId, code: request.code, options: request.options });
    const answer = answers.shift();
    if (!answer) throw new Error('the run went on after the script ended');
    return {
      runId: request.runId ?? '',
      console: [],
      exitCode: null,
      options: null,
      files: [],
      status: 'finished',
      ...answer,
    };
  };
  return { calls, execute };
}

describe('followRun (the execute loop of api-spec §4)', () => {
  it('continues while the run is continued and answers waiting-input, with one run id', async () => {
    const { calls, execute } = scripted([
      { status: 'continued', console: [['stdout', 'Tick 1\n']] },
      {
        status: 'waiting-input',
        console: [['stdout', 'What is your name?\n>> ']],
        options: { is_password: false },
      },
      {
        status: 'finished',
        console: [
          ['stdout', 'Hello, Lablup!\n'],
          ['stderr', 'bye\n'],
        ],
        exitCode: 0,
      },
    ]);
    const output: ConsoleItem[] = [];
    const prompts: boolean[] = [];
    const outcome = await followRun(
      execute,
      { mode: 'query', code: 'main()' },
      {
        runId: 'run-1',
        onOutput: (item) => output.push(item),
        onInput: ({ isPassword }) => {
          prompts.push(isPassword);
          return 'Lablup';
        },
      },
    );
    expect(calls).to.deep.equal([
      { mode: 'query', runId: 'run-1', code: 'main()', options: undefined },
      { mode: 'continue', runId: 'run-1', code: '', options: undefined },
      { mode: 'input', runId: 'run-1', code: 'Lablup', options: undefined },
    ]);
    expect(output).to.deep.equal([
      ['stdout', 'Tick 1\n'],
      ['stdout', 'What is your name?\n>> '],
      ['stdout', 'Hello, Lablup!\n'],
      ['stderr', 'bye\n'],
    ]);
    expect(prompts).to.deep.equal([false]);
    expect(outcome).to.deep.equal({ runId: 'run-1', status: 'finished', exitCode: 0, files: [] });
  });

  it('passes the password hint and adopts a run id the server assigns', async () => {
    const { calls, execute } = scripted([
      { runId: 'server-7', status: 'waiting-input', options: { is_password: true } },
      { runId: 'server-7', status: 'finished', exitCode: 3 },
    ]);
    let secret: boolean | undefined;
    const outcome = await followRun(
      execute,
      { mode: 'query', code: 'getpass()' },
      {
        onInput: ({ isPassword }) => {
          secret = isPassword;
          return 'hunter2';
        },
      },
    );
    expect(secret).to.equal(true);
    expect(calls[1]).to.include({ mode: 'input', runId: 'server-7', code: 'hunter2' });
    expect(outcome.exitCode).to.equal(3);
    expect(calls[0].runId, 'a random run id is chosen').to.match(/^[0-9a-f]{16}$/);
  });

  it('reports the clean and build steps of a batch run and continues past them', async () => {
    const { calls, execute } = scripted([
      { status: 'clean-finished', exitCode: 0 },
      { status: 'build-finished', exitCode: 2, console: [['stderr', 'main.c:1: error\n']] },
      { status: 'finished', exitCode: 127 },
    ]);
    const steps: Array<[string, number | null]> = [];
    const outcome = await followRun(
      execute,
      { mode: 'batch', code: '', options: { build: '*', exec: './main' } },
      {
        onStep: (step, exitCode) => steps.push([step, exitCode]),
      },
    );
    expect(steps).to.deep.equal([
      ['clean-finished', 0],
      ['build-finished', 2],
    ]);
    expect(calls.map((call) => call.mode)).to.deep.equal(['batch', 'continue', 'continue']);
    expect(calls[0].options).to.deep.equal({ build: '*', exec: './main' });
    expect(outcome.exitCode).to.equal(127);
  });

  it('stops at exec-timeout', async () => {
    const { execute } = scripted([{ status: 'exec-timeout' }]);
    expect((await followRun(execute, { mode: 'query', code: 'loop()' }, {})).status).to.equal('exec-timeout');
  });

  it('fails clearly when the program wants input and nobody can give it', async () => {
    const { execute } = scripted([{ status: 'waiting-input' }]);
    const failure = await followRun(execute, { mode: 'query', code: 'input()' }, {}).catch(
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(BackendClientError).with.property('reason', 'input-unavailable');
  });

  it('refuses a status it does not know instead of looping', async () => {
    const { execute } = scripted([{ status: 'paused' as ExecutionResult['status'] }]);
    const failure = await followRun(execute, { mode: 'query', code: 'x' }, {}).catch(
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(BackendClientError).with.property('message').that.includes('"paused"');
  });
});
