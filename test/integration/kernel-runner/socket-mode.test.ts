import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consistently } from '../../support/consistently';
import { eventually } from '../../support/eventually';
import { SocketRunner, textOf, type RunnerConnection } from './socket-runner';

/** Python that waits (bounded) for the file `name` in the working directory to appear. */
function waitForFile(name: string): string {
  return [
    'import os, time',
    'for _ in range(1000):',
    `    if os.path.exists(${JSON.stringify(name)}): break`,
    '    time.sleep(0.01)',
  ].join('\n');
}

describe('kernel runner: socket mode (--listen, real python3)', function () {
  this.timeout(30_000);
  let runner: SocketRunner;
  let connections: RunnerConnection[];

  async function connect(): Promise<RunnerConnection> {
    const connection = await runner.connect();
    connections.push(connection);
    return connection;
  }

  beforeEach(() => {
    connections = [];
  });
  afterEach(async () => {
    for (const connection of connections) connection.socket.destroy();
    await runner.stop();
  });

  it('listens on a socket only its user can use, and greets the first agent with ready (reattached: false)', async () => {
    runner = SocketRunner.start();
    const connection = await connect();
    expect(await connection.ready()).to.include({ pid: runner.child.pid, reattached: false });
    expect(statSync(runner.socketPath).mode & 0o777).to.equal(0o600);
    expect(textOf(await connection.inbox.query('print("over the socket")'), 'stdout')).to.equal(
      'over the socket\n',
    );
  });

  it('keeps running when the agent goes: the next connection finds the state, and its ready says reattached', async () => {
    runner = SocketRunner.start();
    const first = await connect();
    await first.ready();
    await first.inbox.query('x = 1');
    await first.drop();
    await runner.diagnostic(/connection closed/);
    const second = await connect();
    expect(await second.ready()).to.include({ pid: runner.child.pid, reattached: true });
    expect(textOf(await second.inbox.query('print(x)'), 'stdout')).to.equal('1\n');
  });

  it('delivers what ran while no agent was connected to the next connection, in order, after its ready', async () => {
    runner = SocketRunner.start();
    const first = await connect();
    await first.ready();
    first.inbox.send(
      'code',
      [
        'import sys',
        'sys.stdout.write("before\\n")',
        waitForFile('go'),
        'for i in range(3):',
        '    print(f"while away {i}")',
        'open("done", "w").close()',
      ].join('\n'),
    );
    await first.inbox.until('stdout', (m) => m.data === 'before\n');
    await first.drop();
    await runner.diagnostic(/connection closed/);
    writeFileSync(join(runner.workDir, 'go'), '');
    await eventually(() => existsSync(join(runner.workDir, 'done')), 'the run to go on without an agent');
    const second = await connect();
    const messages = await second.inbox.until('finished');
    expect(messages[0]).to.include({ op: 'ready' });
    expect(textOf(messages, 'stdout')).to.equal('while away 0\nwhile away 1\nwhile away 2\n');
    expect(messages.at(-1)).to.deep.equal({ op: 'finished', data: { exitCode: 0 } });
  });

  it('keeps the last 10,000 messages while no agent is connected, dropping the oldest with a diagnostic', async () => {
    runner = SocketRunner.start();
    const first = await connect();
    await first.ready();
    first.inbox.send(
      'code',
      [
        'import sys',
        'sys.stdout.write("waiting\\n")',
        waitForFile('go'),
        'for i in range(10050):',
        '    sys.stdout.write(f"{i}\\n")',
        'open("done", "w").close()',
      ].join('\n'),
    );
    await first.inbox.until('stdout', (m) => m.data === 'waiting\n');
    await first.drop();
    await runner.diagnostic(/connection closed/);
    writeFileSync(join(runner.workDir, 'go'), '');
    await eventually(() => existsSync(join(runner.workDir, 'done')), 'the run to end without an agent');
    await runner.diagnostic(/dropping the oldest/);
    const second = await connect();
    const messages = await second.inbox.until('finished');
    // ready, then the 10,000 newest of the 10,050 lines and the finished.
    expect(messages.length).to.equal(1 + 10_000);
    const lines = messages.filter((m) => m.op === 'stdout').map((m) => String(m.data));
    expect(lines[0]).to.equal('51\n');
    expect(lines.at(-1)).to.equal('10049\n');
    await runner.diagnostic(/^51 message\(s\) were dropped while no agent was connected/);
  });

  it('serves one agent at a time: a second one gets its ready when the first connection ends', async () => {
    runner = SocketRunner.start();
    const first = await connect();
    await first.ready();
    const second = await connect();
    // The runner answers a run in milliseconds; 300 ms of silence on the second connection while
    // the first is served means it is waiting its turn.
    expect(textOf(await first.inbox.query('print("first")'), 'stdout')).to.equal('first\n');
    await consistently(() => second.inbox.pending().length === 0, 'no message to the waiting agent', {
      forMs: 300,
    });
    await first.drop();
    expect(await second.ready()).to.include({ reattached: true });
  });

  it('ends at exit and removes its socket', async () => {
    runner = SocketRunner.start();
    const connection = await connect();
    await connection.ready();
    connection.inbox.send('exit');
    expect(await runner.exited).to.equal(0);
    expect(existsSync(runner.socketPath)).to.equal(false);
  });

  it('replaces a socket an earlier runner left, and refuses to replace anything else', async () => {
    runner = SocketRunner.start();
    const stale = join(runner.workDir, 'stale.sock');
    execFileSync('python3', [
      '-c',
      `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(stale)})`,
    ]);
    expect(statSync(stale).isSocket()).to.equal(true);
    const onStale = SocketRunner.start({}, stale);
    try {
      const connection = await onStale.connect();
      expect(await connection.ready()).to.include({ reattached: false });
      connection.socket.destroy();
    } finally {
      await onStale.stop();
    }
    const regular = join(runner.workDir, 'regular-file');
    writeFileSync(regular, 'keep me');
    const refused = SocketRunner.start({}, regular);
    try {
      expect(await refused.exited).to.not.equal(0);
      await refused.diagnostic(/exists and is not a socket; refusing to replace it/);
      expect(statSync(regular).isFile()).to.equal(true);
    } finally {
      await refused.stop();
    }
  });

  it('runs the bootstrap script before its first ready, output on its console; a failing one does not stop it', async () => {
    const script = join(tmpdir(), `tessera-bootstrap-${process.pid}-${Date.now()}.sh`);
    writeFileSync(script, 'echo "bootstrap says hi"\ntouch bootstrapped\nexit 3\n');
    try {
      runner = SocketRunner.start({ TESSERA_BOOTSTRAP_SCRIPT: script });
      const connection = await connect();
      await connection.ready();
      expect(
        existsSync(join(runner.workDir, 'bootstrapped')),
        'ran in the working directory before ready',
      ).to.equal(true);
      await runner.diagnostic(/^bootstrap says hi$/);
      await runner.diagnostic(/bootstrap script .* failed with exit code 3/);
    } finally {
      rmSync(script, { force: true });
    }
  });
});
