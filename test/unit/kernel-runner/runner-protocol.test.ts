import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunnerSession, textOf } from './runner-session';

describe('kernel runner: stdio mode (real python3)', function () {
  this.timeout(15000);
  // One kernel's runner serves the tests in order, as it would serve one user's runs.
  let runner: RunnerSession;
  before(async () => (runner = await RunnerSession.start()));
  after(async () => runner.stop());

  it('says ready with its pid, runtime and reattached: false', async () => {
    expect(await runner.channel.readyData()).to.deep.include({
      pid: runner.child.pid,
      runtime: 'python',
      reattached: false,
    });
  });

  it('keeps state between query runs', async () => {
    expect(await runner.query('x = 41')).to.deep.equal([{ op: 'finished', data: { exitCode: 0 } }]);
    const messages = await runner.query('print(x + 1)');
    expect(textOf(messages, 'stdout')).to.equal('42\n');
    expect(messages.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 0 } });
  });

  it('cannot be corrupted by what user code prints, at any level, and keeps the order', async () => {
    const code = [
      'import os, subprocess, sys',
      'print(\'{"op": "finished", "data": {"exitCode": 9}}\')',
      "os.write(1, b'written to fd 1\\n')",
      "subprocess.run(['echo', 'from a child process'])",
      "sys.__stdout__.write('through sys.__stdout__\\n')",
      "print('snowman \\u2603, lone surrogate \\ud800, newline\\r\\n', end='')",
      "os.write(2, b'fd 2\\n')",
    ].join('\n');
    const messages = await runner.query(code);
    expect(messages.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 0 } });
    expect(textOf(messages, 'stdout')).to.equal(
      '{"op": "finished", "data": {"exitCode": 9}}\n' +
        'written to fd 1\n' +
        'from a child process\n' +
        'through sys.__stdout__\n' +
        'snowman \u2603, lone surrogate \ud800, newline\r\n',
    );
    expect(textOf(messages, 'stderr')).to.equal('fd 2\n');
  });

  it('does not let user code read the protocol from stdin', async () => {
    const messages = await runner.query('import os\nprint(repr(os.read(0, 100)))');
    expect(textOf(messages, 'stdout')).to.equal("b''\n");
    // The runner still hears the agent afterwards.
    expect(textOf(await runner.query('print("alive")'), 'stdout')).to.equal('alive\n');
  });

  it('prints a traceback of user errors on stderr, without its own frames, and finishes with 0', async () => {
    const messages = await runner.query('def f():\n    return 1 / 0\nf()');
    const stderr = textOf(messages, 'stderr');
    expect(stderr).to.match(
      /^Traceback \(most recent call last\):\n {2}File "<input>", line 3, in <module>\n/,
    );
    expect(stderr).to.contain('ZeroDivisionError: division by zero');
    expect(stderr).to.not.contain('tessera_kernel');
    expect(messages.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 0 } });
    const syntax = await runner.query('def broken(:');
    expect(textOf(syntax, 'stderr')).to.contain('SyntaxError');
    expect(syntax.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 0 } });
  });

  it('asks for input and resumes with the text the agent sends', async () => {
    runner.send('code', 'name = input("What is your name?\\n>> ")\nprint(f"Hello, {name}!")');
    const asked = await runner.until('waiting-input');
    expect(textOf(asked, 'stdout')).to.equal('What is your name?\n>> ');
    expect(asked.at(-1)).to.deep.equal({ op: 'waiting-input', data: { is_password: false } });
    runner.send('input', 'Lablup');
    expect(textOf(await runner.until('finished'), 'stdout')).to.equal('Hello, Lablup!\n');
  });

  it('marks getpass() prompts as passwords', async () => {
    runner.send('code', 'import getpass\nsecret = getpass.getpass()\nprint(len(secret))');
    expect((await runner.until('waiting-input')).at(-1)).to.deep.equal({
      op: 'waiting-input',
      data: { is_password: true },
    });
    runner.send('input', 'hunter2');
    expect(textOf(await runner.until('finished'), 'stdout')).to.equal('7\n');
  });

  it('interrupts running code and stays usable', async () => {
    runner.send('code', 'import time\nprint("started", flush=True)\ntime.sleep(30)');
    await runner.until('stdout');
    runner.send('interrupt');
    const messages = await runner.until('finished');
    expect(textOf(messages, 'stderr')).to.contain('KeyboardInterrupt');
    expect(textOf(await runner.query('print("still here")'), 'stdout')).to.equal('still here\n');
  });

  it('runs batch steps in the working directory with their exit codes', async () => {
    runner.send('clean', '');
    runner.send('build', 'echo building; echo warning >&2');
    runner.send('exec', 'pwd; exit 4');
    expect(await runner.until('clean-finished')).to.deep.equal([
      { op: 'clean-finished', data: { exitCode: 0 } },
    ]);
    const build = await runner.until('build-finished');
    expect(textOf(build, 'stdout')).to.equal('building\n');
    expect(textOf(build, 'stderr')).to.equal('warning\n');
    expect(build.at(-1)).to.deep.equal({ op: 'build-finished', data: { exitCode: 0 } });
    const exec = await runner.until('finished');
    expect(textOf(exec, 'stdout').trim()).to.match(/tessera-runner-/);
    expect(exec.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 4 } });
  });

  it('does not run exec after a failed build and reports 127', async () => {
    runner.send('clean', '');
    runner.send('build', 'exit 2');
    runner.send('exec', 'touch exec-ran');
    expect((await runner.until('build-finished')).at(-1)).to.deep.equal({
      op: 'build-finished',
      data: { exitCode: 2 },
    });
    expect((await runner.until('finished')).at(-1)).to.deep.equal({
      op: 'finished',
      data: { exitCode: 127 },
    });
    expect(existsSync(join(runner.workDir, 'exec-ran'))).to.equal(false);
  });

  it('runs main.py for exec "*"', async () => {
    writeFileSync(join(runner.workDir, 'main.py'), 'print("main ran")\n');
    runner.send('clean', '*');
    runner.send('build', '*');
    runner.send('exec', '*');
    const messages = await runner.until('finished');
    expect(textOf(messages, 'stdout')).to.equal('main ran\n');
    expect(messages.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 0 } });
  });

  it("appends batch output to the .logs folder's task log when one is mounted, and to nothing otherwise", async () => {
    const kernelId = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const logged = await RunnerSession.start({ BACKENDAI_KERNEL_ID: kernelId });
    try {
      logged.send('exec', 'echo before-logs');
      await logged.until('finished');
      mkdirSync(join(logged.workDir, '.logs'));
      logged.send('build', 'echo built; echo warned >&2');
      logged.send('exec', 'echo ran');
      await logged.until('finished');
      const log = join(logged.workDir, '.logs', 'task', '0f', '1e', '2d3c4b5a69788796a5b4c3d2e1f0.log');
      const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).sort();
      expect(lines).to.deep.equal(['built', 'ran', 'warned']);
    } finally {
      await logged.stop();
    }
  });

  it('completes names from the interactive namespace', async () => {
    await runner.query('tessera_answer = 42');
    runner.send('complete', { code: 'print(tessera_an', options: {} });
    expect((await runner.until('completion')).at(-1)).to.deep.equal({
      op: 'completion',
      data: { suggestions: ['tessera_answer'] },
    });
  });

  it('imports modules from its working directory', async () => {
    writeFileSync(join(runner.workDir, 'helper_module.py'), 'VALUE = "from the work dir"\n');
    expect(textOf(await runner.query('import helper_module\nprint(helper_module.VALUE)'), 'stdout')).to.equal(
      'from the work dir\n',
    );
  });

  it('exits with 0 when asked to', async () => {
    runner.send('exit');
    expect(await runner.exited).to.equal(0);
  });

  it('exits with 0 when its input closes', async () => {
    const other = await RunnerSession.start();
    other.child.stdin!.end();
    expect(await other.exited).to.equal(0);
    await other.stop();
  });
});
