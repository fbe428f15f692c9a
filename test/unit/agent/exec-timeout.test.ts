import { expect } from 'chai';
import { createLogger, TesseraError, type ExecutionResult } from '@tessera/core';
import { EXEC_TIMEOUT_ANSWER_WAIT_MS, KernelExecutor, type ExecTimer } from '@tessera/agent';
import { ScriptedRunner } from './scripted-runner';

const silent = createLogger({ level: 'silent' });
const FLUSH_MS = 40;
const TIMEOUT_MS = 5_000;

/** A clock the test moves: timers are kept, and `fire` runs the one due. */
class FakeClock {
  readonly timers: Array<{ ms: number; fire: () => void; cancelled: boolean }> = [];
  readonly timer: ExecTimer = (ms, fire) => {
    const entry = { ms, fire, cancelled: false };
    this.timers.push(entry);
    return () => (entry.cancelled = true);
  };

  live(): Array<{ ms: number; fire: () => void; cancelled: boolean }> {
    return this.timers.filter((entry) => !entry.cancelled);
  }
}

function setup(ms = TIMEOUT_MS) {
  const runner = new ScriptedRunner();
  const clock = new FakeClock();
  const timedOut: string[] = [];
  const executor = new KernelExecutor(runner, FLUSH_MS, silent, {
    ms,
    onTimeout: (runId) => timedOut.push(runId),
    timer: clock.timer,
  });
  return { runner, clock, timedOut, executor };
}

describe('agent: execution timeout (exec-timeout)', () => {
  it('times a run from when the runner is given it, one run at a time, and stops timing when it finishes', async () => {
    const { runner, clock, executor } = setup();
    const first = executor.execute({ mode: 'query', runId: 'r1', code: 'a()' });
    const second = executor.execute({ mode: 'query', runId: 'r2', code: 'b()' });
    expect(clock.timers.map((t) => t.ms)).to.deep.equal([TIMEOUT_MS]);
    runner.emit('finished', { exitCode: 0 });
    expect((await first).status).to.equal('finished');
    expect(clock.timers[0]!.cancelled).to.equal(true);
    expect(clock.live().map((t) => t.ms)).to.deep.equal([TIMEOUT_MS]);
    runner.emit('finished', { exitCode: 0 });
    expect((await second).status).to.equal('finished');
    expect(clock.live()).to.deep.equal([]);
  });

  it('keeps timing a run across its continue calls and answers exec-timeout with the output since the last call', async () => {
    const { runner, clock, timedOut, executor } = setup();
    const first = executor.execute({ mode: 'query', runId: 'r1', code: 'while True: pass' });
    runner.emit('stdout', 'before\n');
    const answered: ExecutionResult = await first;
    expect(answered).to.include({ status: 'continued' });
    expect(answered.console).to.deep.equal([['stdout', 'before\n']]);
    const pending = executor.execute({ mode: 'continue', runId: 'r1', code: '' });
    runner.emit('stdout', 'still going\n');
    expect(clock.timers).to.have.length(1);
    clock.live()[0]!.fire();
    expect(await pending).to.deep.equal({
      runId: 'r1',
      status: 'exec-timeout',
      console: [['stdout', 'still going\n']],
      exitCode: null,
      options: null,
      files: [],
    } satisfies ExecutionResult);
    expect(timedOut).to.deep.equal(['r1']);
  });

  it('hands an exec-timeout to the next call when none was waiting, and only then ends the kernel', async () => {
    const { runner, clock, timedOut, executor } = setup();
    expect((await executor.execute({ mode: 'query', runId: 'r1', code: 'spin()' })).status).to.equal(
      'continued',
    );
    runner.emit('stdout', 'spun\n');
    clock.live()[0]!.fire();
    // Destroying the kernel now would leave the next continue call no kernel to ask.
    expect(timedOut).to.deep.equal([]);
    const late = await executor.execute({ mode: 'continue', runId: 'r1', code: '' });
    expect(late).to.include({ status: 'exec-timeout' });
    expect(late.console).to.deep.equal([['stdout', 'spun\n']]);
    expect(timedOut).to.deep.equal(['r1']);
    // The wait for a call to take the answer was called off.
    expect(clock.timers.map((t) => [t.ms, t.cancelled])).to.deep.include([EXEC_TIMEOUT_ANSWER_WAIT_MS, true]);
    let refused: unknown;
    await executor.execute({ mode: 'continue', runId: 'r1', code: '' }).catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(TesseraError).with.property('code', 'invalid-api-params');
  });

  it('ends the kernel anyway when no call takes the exec-timeout answer within the wait', async () => {
    const { clock, timedOut, executor } = setup();
    expect((await executor.execute({ mode: 'query', runId: 'r1', code: 'spin()' })).status).to.equal(
      'continued',
    );
    clock.live()[0]!.fire();
    const wait = clock.live().filter((t) => t.ms === EXEC_TIMEOUT_ANSWER_WAIT_MS);
    expect(wait).to.have.length(1);
    expect(timedOut).to.deep.equal([]);
    wait[0]!.fire();
    expect(timedOut).to.deep.equal(['r1']);
    // A call after that still gets the answer, once; the kernel is not ended twice.
    expect(await executor.execute({ mode: 'continue', runId: 'r1', code: '' })).to.include({
      status: 'exec-timeout',
    });
    expect(timedOut).to.deep.equal(['r1']);
  });

  it('takes no new runs once one timed out, and leaves queued runs to end with the kernel', async () => {
    const { runner, clock, executor } = setup();
    const first = executor.execute({ mode: 'query', runId: 'r1', code: 'spin()' });
    const queued = executor.execute({ mode: 'query', runId: 'r2', code: 'later()' });
    clock.live()[0]!.fire();
    expect((await first).status).to.equal('exec-timeout');
    expect(runner.sent).to.deep.equal([{ op: 'code', data: 'spin()' }]);
    let refused: unknown;
    await executor.execute({ mode: 'query', runId: 'r3', code: 'x' }).catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(TesseraError).with.property('code', 'kernel-not-running');
    // The kernel is destroyed: the queued run ends as any run cut short by the kernel's end does.
    executor.kernelGone(null);
    expect(await queued).to.include({ status: 'finished', exitCode: -1 });
  });

  it('ignores a timer that fires after its run finished, and sets none without a timeout', async () => {
    const { runner, clock, timedOut, executor } = setup();
    const call = executor.execute({ mode: 'query', runId: 'r1', code: 'quick()' });
    const stale = clock.timers[0]!;
    runner.emit('finished', { exitCode: 0 });
    expect((await call).status).to.equal('finished');
    stale.fire();
    expect(timedOut).to.deep.equal([]);
    expect((await executor.execute({ mode: 'query', runId: 'r2', code: 'more()' })).status).to.equal(
      'continued',
    );

    const untimed = setup(0);
    void untimed.executor.execute({ mode: 'query', runId: 'r1', code: 'spin()' });
    expect(untimed.clock.timers).to.deep.equal([]);
  });
});
