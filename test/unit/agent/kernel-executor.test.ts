import { expect } from 'chai';
import { createLogger, type ExecutionResult } from '@tessera/core';
import { KernelExecutor, STREAM_LIMIT } from '@tessera/agent';
import { ScriptedRunner } from './scripted-runner';

const silent = createLogger({ level: 'silent' });
const FLUSH_MS = 60;

function setup(): { runner: ScriptedRunner; executor: KernelExecutor } {
  const runner = new ScriptedRunner();
  return { runner, executor: new KernelExecutor(runner, FLUSH_MS, silent) };
}

/** Lets the executor's promise chain run (the call is waiting for a checkpoint). */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('agent: runner messages to execution results', () => {
  it('merges contiguous chunks of a stream and keeps interleaving order', async () => {
    const { runner, executor } = setup();
    const call = executor.execute({ mode: 'query', runId: 'r1', code: 'print(1)' });
    expect(runner.sent).to.deep.equal([{ op: 'code', data: 'print(1)' }]);
    runner.emit('stdout', 'what happens ');
    runner.emit('stdout', 'now?\n');
    runner.emit('stderr', 'Traceback ...\n');
    runner.emit('stderr', 'ZeroDivisionError: division by zero\n');
    runner.emit('stdout', 'after\n');
    runner.emit('finished', { exitCode: 0 });
    expect(await call).to.deep.equal({
      runId: 'r1',
      status: 'finished',
      console: [
        ['stdout', 'what happens now?\n'],
        ['stderr', 'Traceback ...\nZeroDivisionError: division by zero\n'],
        ['stdout', 'after\n'],
      ],
      exitCode: 0,
      options: null,
      files: [],
    } satisfies ExecutionResult);
  });

  it('maps media messages to [media, [mime, data]] items', async () => {
    const { runner, executor } = setup();
    const call = executor.execute({ mode: 'query', runId: 'r1', code: 'plot()' });
    runner.emit('stdout', 'plotting\n');
    runner.emit('media', { type: 'image/svg+xml', data: '<svg/>' });
    runner.emit('finished', { exitCode: 0 });
    expect((await call).console).to.deep.equal([
      ['stdout', 'plotting\n'],
      ['media', ['image/svg+xml', '<svg/>']],
    ]);
  });

  it('returns continued with the output so far after the flush interval, then the rest', async () => {
    const { runner, executor } = setup();
    const first = executor.execute({ mode: 'query', runId: 'r1', code: 'ticks()' });
    runner.emit('stdout', 'Tick 1\n');
    expect(await first).to.include({ status: 'continued', exitCode: null });
    expect((await first).console).to.deep.equal([['stdout', 'Tick 1\n']]);

    const second = executor.execute({ mode: 'continue', runId: 'r1', code: '' });
    await tick();
    runner.emit('stdout', 'Tick 2\n');
    runner.emit('finished', { exitCode: 0 });
    const result = await second;
    expect(result).to.include({ status: 'finished', exitCode: 0 });
    expect(result.console).to.deep.equal([['stdout', 'Tick 2\n']]);
  });

  it('stops at waiting-input with the prompt and sends the input text to the runner', async () => {
    const { runner, executor } = setup();
    const first = executor.execute({ mode: 'query', runId: 'r1', code: 'input()' });
    runner.emit('stdout', 'What is your name?\n>> ');
    runner.emit('waiting-input', { is_password: false });
    expect(await first).to.deep.include({
      status: 'waiting-input',
      console: [['stdout', 'What is your name?\n>> ']],
      options: { is_password: false },
      exitCode: null,
    });

    const second = executor.execute({ mode: 'input', runId: 'r1', code: 'Lablup' });
    expect(runner.sent[runner.sent.length - 1]).to.deep.equal({ op: 'input', data: 'Lablup' });
    runner.emit('stdout', 'Hello, Lablup!\n');
    runner.emit('finished', { exitCode: 0 });
    expect(await second).to.deep.include({ status: 'finished', console: [['stdout', 'Hello, Lablup!\n']] });
  });

  it('refuses input for a run that is not waiting for any', async () => {
    const { runner, executor } = setup();
    void executor.execute({ mode: 'query', runId: 'r1', code: 'work()' });
    let error: unknown;
    await executor.execute({ mode: 'input', runId: 'r1', code: 'x' }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'invalid-api-params');
    expect(runner.ops()).to.deep.equal(['code']);
  });

  it('sends the batch steps in order and reports each step with its exit code', async () => {
    const { runner, executor } = setup();
    const options = { clean: '', build: 'gcc main.c', exec: './a.out' };
    const clean = executor.execute({ mode: 'batch', runId: 'b1', code: '', options });
    expect(runner.sent).to.deep.equal([
      { op: 'clean', data: '' },
      { op: 'build', data: 'gcc main.c' },
      { op: 'exec', data: './a.out' },
    ]);
    runner.emit('clean-finished', { exitCode: 0 });
    runner.emit('stderr', 'main.c:1: error\n');
    runner.emit('build-finished', { exitCode: 1 });
    runner.emit('finished', { exitCode: 127 });
    expect(await clean).to.deep.include({ status: 'clean-finished', exitCode: 0, console: [] });
    const build = await executor.execute({ mode: 'continue', runId: 'b1', code: '' });
    expect(build).to.deep.include({
      status: 'build-finished',
      exitCode: 1,
      console: [['stderr', 'main.c:1: error\n']],
    });
    const exec = await executor.execute({ mode: 'continue', runId: 'b1', code: '' });
    expect(exec).to.deep.include({ status: 'finished', exitCode: 127, console: [] });
  });

  it('queues runs FIFO: the next run starts only when the runner has finished the previous one', async () => {
    const { runner, executor } = setup();
    const first = executor.execute({ mode: 'query', runId: 'r1', code: 'a' });
    const second = executor.execute({ mode: 'query', runId: 'r2', code: 'b' });
    expect(runner.ops()).to.deep.equal(['code']);
    runner.emit('stdout', 'from a\n');
    runner.emit('finished', { exitCode: 0 });
    expect(runner.sent.map((m) => m.data)).to.deep.equal(['a', 'b']);
    runner.emit('stdout', 'from b\n');
    runner.emit('finished', { exitCode: 0 });
    expect((await first).console).to.deep.equal([['stdout', 'from a\n']]);
    expect((await second).console).to.deep.equal([['stdout', 'from b\n']]);
  });

  it('forgets a run once its end was delivered', async () => {
    const { runner, executor } = setup();
    const call = executor.execute({ mode: 'query', runId: 'r1', code: 'a' });
    runner.emit('finished', { exitCode: 0 });
    await call;
    let error: unknown;
    await executor.execute({ mode: 'continue', runId: 'r1', code: '' }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'invalid-api-params');
  });

  it('assigns a runId when the first call has none', async () => {
    const { runner, executor } = setup();
    const call = executor.execute({ mode: 'query', runId: '', code: 'a' });
    runner.emit('finished', { exitCode: 0 });
    expect((await call).runId).to.match(/^[0-9a-f]{16}$/);
  });

  it('finishes pending runs when the kernel goes away, and refuses new ones', async () => {
    const { runner, executor } = setup();
    const running = executor.execute({ mode: 'query', runId: 'r1', code: 'crash()' });
    const queued = executor.execute({ mode: 'query', runId: 'r2', code: 'never' });
    runner.emit('stdout', 'partial\n');
    executor.kernelGone(3);
    const result = await running;
    expect(result).to.include({ status: 'finished', exitCode: 3 });
    expect(result.console[0]).to.deep.equal(['stdout', 'partial\n']);
    expect(result.console[1]![0]).to.equal('stderr');
    expect(await queued).to.include({ status: 'finished', exitCode: 3 });
    let error: unknown;
    await executor.execute({ mode: 'query', runId: 'r3', code: 'x' }).catch((e: unknown) => (error = e));
    expect(error).to.have.property('code', 'kernel-not-running');
  });

  it('caps each stream at the documented limit per response', async () => {
    const { runner, executor } = setup();
    const call = executor.execute({ mode: 'query', runId: 'r1', code: 'spam()' });
    runner.emit('stdout', 'x'.repeat(STREAM_LIMIT - 10));
    runner.emit('stdout', 'y'.repeat(100));
    runner.emit('stderr', 'still here');
    runner.emit('finished', { exitCode: 0 });
    const { console } = await call;
    expect(String(console[0]![1]).length).to.equal(STREAM_LIMIT);
    expect(console[1]).to.deep.equal(['stderr', 'still here']);
  });

  it('sends interrupt to the runner', () => {
    const { runner, executor } = setup();
    executor.interrupt();
    expect(runner.ops()).to.deep.equal(['interrupt']);
  });
});
