import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createLogger, type RunnerMessage } from '@tessera/core';
import { JsonLinesRunnerChannel } from '@tessera/kernel-runner';

function pipes() {
  const toRunner = new PassThrough();
  const fromRunner = new PassThrough();
  const written: string[] = [];
  toRunner.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  const channel = new JsonLinesRunnerChannel(toRunner, fromRunner, createLogger({ level: 'silent' }));
  return { channel, fromRunner, toRunner, written };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('kernel runner: JSON-lines runner channel', () => {
  it('writes one JSON object per line', async () => {
    const { channel, written } = pipes();
    channel.send({ op: 'code', data: 'print("a\\nb")' });
    channel.send({ op: 'interrupt', data: undefined });
    await flush();
    expect(written.join('')).to.equal(
      '{"op":"code","data":"print(\\"a\\\\nb\\")"}\n{"op":"interrupt","data":null}\n',
    );
  });

  it('resolves ready with its data, and hands early messages to the first listener', async () => {
    const { channel, fromRunner } = pipes();
    fromRunner.write('{"op":"ready","data":{"pid":1,"reattached":false}}\n{"op":"stdout","data":"early"}\n');
    await channel.ready();
    expect(await channel.readyData()).to.deep.equal({ pid: 1, reattached: false });
    const got: RunnerMessage[] = [];
    channel.onMessage((m) => got.push(m));
    fromRunner.write('{"op":"finished","data":{"exitCode":0}}\n');
    await flush();
    expect(got.map((m) => m.op)).to.deep.equal(['ready', 'stdout', 'finished']);
  });

  it('gives every listener every message that arrives after it subscribed, in order', async () => {
    const { channel, fromRunner } = pipes();
    const first: string[] = [];
    const second: string[] = [];
    channel.onMessage((m) => first.push(m.op));
    fromRunner.write('{"op":"ready","data":null}\n');
    await flush();
    channel.onMessage((m) => second.push(m.op));
    fromRunner.write('{"op":"stdout","data":"x"}\n{"op":"service-result","data":{}}\n');
    await flush();
    expect(first).to.deep.equal(['ready', 'stdout', 'service-result']);
    expect(second).to.deep.equal(['stdout', 'service-result']);
  });

  it('skips malformed lines and keeps reading', async () => {
    const { channel, fromRunner } = pipes();
    const got: RunnerMessage[] = [];
    channel.onMessage((m) => got.push(m));
    fromRunner.write('not json\n{"data":1}\n{"op":5}\n\n{"op":"stdout","data":"ok"}\n');
    await flush();
    expect(got).to.deep.equal([{ op: 'stdout', data: 'ok' }]);
  });

  it('rejects ready and tells the close listeners when the runner closes its output first', async () => {
    const { channel, fromRunner } = pipes();
    let closed = 0;
    channel.onClose(() => closed++);
    fromRunner.end();
    let error: unknown;
    await channel.ready().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error);
    expect(closed).to.equal(1);
    expect(channel.ended).to.equal(true);
    const late = new Promise<void>((resolve) => channel.onClose(resolve));
    await late;
    expect(() => channel.send({ op: 'code', data: '' }))
      .to.throw()
      .with.property('code', 'kernel-not-running');
  });

  it('refuses to send once closed, with kernel-not-running', () => {
    const { channel } = pipes();
    channel.close();
    expect(() => channel.send({ op: 'code', data: '' }))
      .to.throw()
      .with.property('code', 'kernel-not-running');
  });

  it('works over a Unix socket, the socket being both ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-channel-'));
    const path = join(dir, 'runner.sock');
    const accepted = new Promise<Socket>((resolve) => {
      const server = createServer((socket) => {
        server.close();
        resolve(socket);
      });
      server.listen(path);
    });
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const socket = connect(path);
      const channel = new JsonLinesRunnerChannel(socket, socket, createLogger({ level: 'silent' }));
      const runnerSide = await accepted;
      runnerSide.write('{"op":"ready","data":{"reattached":true}}\n');
      expect(await channel.readyData()).to.deep.equal({ reattached: true });
      const received = new Promise<string>((resolve) =>
        runnerSide.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))),
      );
      channel.send({ op: 'code', data: 'x' });
      expect(await received).to.equal('{"op":"code","data":"x"}\n');
      const closed = new Promise<void>((resolve) => channel.onClose(resolve));
      runnerSide.end();
      await closed;
      expect(channel.ended).to.equal(true);
      socket.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
