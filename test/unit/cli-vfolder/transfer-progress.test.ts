import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import {
  etaSeconds,
  formatBar,
  formatDuration,
  formatLine,
  formatRate,
  RateMeter,
  TransferProgressDisplay,
  type CliIo,
} from '@tessera/cli';

const MiB = 1024 * 1024;

/** An io whose stderr is captured and says whether it is a terminal. */
function captureIo(isTTY: boolean): { io: CliIo; stderr: () => string } {
  const stream = new PassThrough();
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  Object.assign(stream, { isTTY, columns: 200 });
  const io = {
    stdout: new PassThrough(),
    stderr: stream,
    stdin: new PassThrough(),
    env: {},
    cwd: '/',
    onInterrupt: () => () => undefined,
  } as unknown as CliIo;
  return { io, stderr: () => written };
}

describe('vfolder transfer progress: formatting', () => {
  const cases: Array<[number | null, string]> = [
    [null, '--:--'],
    [-1, '--:--'],
    [Infinity, '--:--'],
    [0, '0:00'],
    [9.4, '0:09'],
    [59.6, '1:00'],
    [725, '12:05'],
    [3723, '1:02:03'],
  ];
  for (const [seconds, text] of cases) {
    it(`formatDuration(${seconds}) is ${text}`, () => expect(formatDuration(seconds)).to.equal(text));
  }

  it('formats rates with binary units, and "-" before there is one', () => {
    expect(formatRate(null)).to.equal('-');
    expect(formatRate(512)).to.equal('512 B/s');
    expect(formatRate(25.3 * MiB)).to.equal('25.3 MiB/s');
  });

  it('the ETA is what is left over the rate; unknown without a total or a rate', () => {
    expect(etaSeconds({ label: 'x', done: 50 * MiB, total: 200 * MiB, rate: 10 * MiB })).to.equal(15);
    expect(etaSeconds({ label: 'x', done: 1, total: null, rate: 10 })).to.equal(null);
    expect(etaSeconds({ label: 'x', done: 1, total: 5, rate: null })).to.equal(null);
    expect(etaSeconds({ label: 'x', done: 1, total: 5, rate: 0 })).to.equal(null);
  });

  it('a bar shows bytes, percent, speed and ETA', () => {
    expect(formatBar({ label: 'data.bin', done: 76 * MiB, total: 200 * MiB, rate: 25 * MiB })).to.equal(
      '[#########...............]  38%  76.0 MiB/200.0 MiB  25.0 MiB/s  ETA 0:05  data.bin',
    );
    expect(formatBar({ label: 'd.zip', done: 3 * MiB, total: null, rate: null })).to.equal(
      '[????????????????????????]   ?%  3.0 MiB  -  ETA --:--  d.zip',
    );
    expect(formatBar({ label: 'empty', done: 0, total: 0, rate: null })).to.match(/^\[#{24}\] 100%/);
  });

  it('a plain line says the same for logs', () => {
    expect(formatLine({ label: 'data.bin', done: 76 * MiB, total: 200 * MiB, rate: 25 * MiB })).to.equal(
      'data.bin: 76.0 MiB of 200.0 MiB (38%), 25.0 MiB/s, ETA 0:05',
    );
  });
});

describe('vfolder transfer progress: the rate and the display', () => {
  it('the rate counts only what moved since the first sample (a resumed transfer starts there)', () => {
    const meter = new RateMeter();
    expect(meter.sample(0, 100 * MiB)).to.equal(null);
    expect(meter.sample(100, 101 * MiB), 'too early to say').to.equal(null);
    expect(meter.sample(1000, 110 * MiB)).to.equal(10 * MiB);
    expect(meter.sample(2000, 130 * MiB)).to.equal(15 * MiB);
  });

  it('the rate follows the last few seconds, not the whole transfer', () => {
    const meter = new RateMeter();
    for (let second = 0; second <= 10; second++) meter.sample(second * 1000, second * 100 * MiB);
    let rate = 0;
    for (let second = 11; second <= 20; second++)
      rate = meter.sample(second * 1000, 1000 * MiB + (second - 10) * MiB)!;
    expect(rate).to.be.closeTo(MiB, 1);
  });

  it('on a terminal: one bar redrawn in place, at most every 100 ms, and the last state always drawn', () => {
    const { io, stderr } = captureIo(true);
    let now = 0;
    const display = new TransferProgressDisplay(
      io,
      'a.bin',
      TransferProgressDisplay.modeFor(io, 'auto'),
      () => now,
    );
    display.update(0, 10 * MiB);
    now = 50;
    display.update(MiB, 10 * MiB);
    now = 150;
    display.update(2 * MiB, 10 * MiB);
    now = 160;
    display.update(10 * MiB, 10 * MiB);
    display.clear();
    const frames = stderr().split('\r').filter(Boolean);
    expect(frames).to.have.length(4);
    expect(frames[0]).to.match(/^\[\.{24}\] {3}0% {2}0 B\/10\.0 MiB/);
    expect(frames[1]).to.match(/^\[#{4}\.{20}\] {2}20% {2}2\.0 MiB\/10\.0 MiB/);
    expect(frames[2]).to.match(/^\[#{24}\] 100% {2}10\.0 MiB\/10\.0 MiB .* a\.bin/);
    expect(frames[2]!.endsWith('\u001b[K'), 'the rest of the line is erased').to.equal(true);
    expect(frames[3]).to.equal('\u001b[K');
  });

  it('elsewhere: a plain line every five seconds; none: nothing', () => {
    const { io, stderr } = captureIo(false);
    expect(TransferProgressDisplay.modeFor(io, 'auto')).to.equal('lines');
    let now = 0;
    const display = new TransferProgressDisplay(io, 'a.bin', 'lines', () => now);
    for (now = 0; now <= 12_000; now += 500) display.update(now * 1000, 12_000 * 1000);
    display.clear();
    const lines = stderr().trimEnd().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[1]).to.match(/^a\.bin: 4\.8 MiB of 11\.4 MiB \(41%\), 976\.6 KiB\/s, ETA 0:07$/);
    const quiet = captureIo(true);
    const none = new TransferProgressDisplay(
      quiet.io,
      'a.bin',
      TransferProgressDisplay.modeFor(quiet.io, 'none'),
    );
    none.update(1, 2);
    none.clear();
    expect(quiet.stderr()).to.equal('');
  });
});
