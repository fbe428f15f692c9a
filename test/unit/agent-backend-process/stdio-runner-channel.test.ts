import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { createLogger, type RunnerMessage } from '@tessera/core';
import { StdioRunnerChannel } from '@tessera/agent-backend-process';

function pipes() {
  const toRunner = new PassThrough();
  const fromRunner = new PassThrough();
  const written: string[] = [];
  toRunner.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  const channel = new StdioRunnerChannel(toRunner, fromRunner, createLogger({ level: 'silent' }));
  return { channel, fromRunner, written };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('process backend: runner channel over stdio', () => {
  it('writes one JSON object per line', async () => {
    const { channel, written } = pipes();
    channel.send({ op: 'code', data: 'print("a\\nb")' });
    channel.send({ op: 'interrupt', data: undefined });
    await flush();
    expect(written.join('')).to.equal(
      '{"op":"code","data":"print(\\"a\\\\nb\\")"}\n{"op":"interrupt","data":null}\n',
    );
  });

  it('resolves ready on the ready message and hands early messages to the first listener', async () => {
    const { channel, fromRunner } = pipes();
    fromRunner.write('{"op":"ready","data":{"pid":1}}\n{"op":"stdout","data":"early"}\n');
    await channel.ready();
    const got: RunnerMessage[] = [];
    channel.onMessage((m) => got.push(m));
    fromRunner.write('{"op":"finished","data":{"exitCode":0}}\n');
    await flush();
    expect(got.map((m) => m.op)).to.deep.equal(['ready', 'stdout', 'finished']);
  });

  it('skips malformed lines and keeps reading', async () => {
    const { channel, fromRunner } = pipes();
    const got: RunnerMessage[] = [];
    channel.onMessage((m) => got.push(m));
    fromRunner.write('not json\n{"data":1}\n{"op":5}\n\n{"op":"stdout","data":"ok"}\n');
    await flush();
    expect(got).to.deep.equal([{ op: 'stdout', data: 'ok' }]);
  });

  it('rejects ready when the runner closes its output first', async () => {
    const { channel, fromRunner } = pipes();
    fromRunner.end();
    let error: unknown;
    await channel.ready().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error);
  });

  it('refuses to send once closed, with kernel-not-running', () => {
    const { channel } = pipes();
    channel.close();
    expect(() => channel.send({ op: 'code', data: '' }))
      .to.throw()
      .with.property('code', 'kernel-not-running');
  });
});
