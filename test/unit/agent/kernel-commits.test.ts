import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitPathSegment, KernelCommits } from '@tessera/agent';
import { TesseraError, type AgentBackend } from '@tessera/core';
import { RecordingLogger } from '../../support/recording-logger';

/** The error `action` throws (the test fails when it throws none). */
function thrown(action: () => unknown): TesseraError {
  try {
    action();
  } catch (error) {
    return error as TesseraError;
  }
  expect.fail('expected a refusal');
}

/**
 * A backend whose commit writes its destination and ends when the test says; `called` resolves
 * once the agent has handed it the commit (after making the per-user folder).
 */
function committingBackend(): {
  backend: AgentBackend;
  called: Promise<void>;
  finish: () => void;
  fail: (error: Error) => void;
} {
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let markCalled!: () => void;
  const called = new Promise<void>((resolve) => (markCalled = resolve));
  const backend = {
    name: 'fake-container',
    commitKernel: (_kernelId: string, destination: string) =>
      new Promise<void>((resolve, reject) => {
        settle = {
          resolve: () => {
            writeFileSync(destination, 'archive');
            resolve();
          },
          reject,
        };
        markCalled();
      }),
  } as unknown as AgentBackend;
  return { backend, called, finish: () => settle!.resolve(), fail: (error) => settle!.reject(error) };
}

describe('agent: kernel commits', () => {
  let commitDir: string;
  beforeEach(() => (commitDir = mkdtempSync(join(tmpdir(), 'tessera-commits-'))));
  afterEach(() => rmSync(commitDir, { recursive: true, force: true }));

  it('is ongoing while the backend writes, refuses a second commit meanwhile, and is ready after', async () => {
    const { backend, called, finish } = committingBackend();
    const commits = new KernelCommits(backend, commitDir, new RecordingLogger());
    expect(commits.status('k1')).to.equal('ready');
    const { started, work } = commits.start('k1', { email: 'alice@lablup.com', filename: 'a.tar.gz' });
    expect(started).to.deep.equal({
      kernelId: 'k1',
      path: 'alice@lablup.com/a.tar.gz',
      location: join(commitDir, 'alice@lablup.com', 'a.tar.gz'),
    });
    expect(commits.status('k1')).to.equal('ongoing');
    const second = thrown(() => commits.start('k1', { email: 'alice@lablup.com', filename: 'b.tar.gz' }));
    expect(second.code).to.equal('commit-in-progress');
    expect(second.status).to.equal(409);
    expect(commits.status('k2')).to.equal('ready');
    await called;
    finish();
    await work;
    expect(commits.status('k1')).to.equal('ready');
    expect(readFileSync(started.location, 'utf8')).to.equal('archive');
  });

  it('is ready again after a failed commit, and says why in the log', async () => {
    const { backend, called, fail } = committingBackend();
    const log = new RecordingLogger();
    const commits = new KernelCommits(backend, commitDir, log);
    const { work } = commits.start('k1', { email: 'a@b.c', filename: 'a.tar.gz' });
    await called;
    fail(new Error('no space left on device'));
    await work;
    expect(commits.status('k1')).to.equal('ready');
    const failure = log.lines.find((line) => line.message === 'kernel commit failed');
    expect(failure?.fields['error']).to.equal('no space left on device');
  });

  it('refuses on a backend that cannot commit, naming it', () => {
    const commits = new KernelCommits({ name: 'process' } as AgentBackend, commitDir, new RecordingLogger());
    const error = thrown(() => commits.start('k1', { email: 'a@b.c', filename: 'a.tar.gz' }));
    expect(error.code).to.equal('commit-not-supported');
    expect(error.status).to.equal(400);
    expect(error.message).to.equal('the process backend cannot commit a kernel: only container backends can');
  });

  it('takes the e-mail and file name only as single path segments', () => {
    expect(commitPathSegment('alice@lablup.com', 'email')).to.equal('alice@lablup.com');
    expect(commitPathSegment('2024-05-01T09H05M03S_s_python-3.tar.gz', 'filename')).to.equal(
      '2024-05-01T09H05M03S_s_python-3.tar.gz',
    );
    for (const [value, problem] of [
      ['', /non-empty string/],
      [undefined, /non-empty string/],
      [42, /non-empty string/],
      ['../etc', /must not contain "\/"/],
      ['a\\b', /must not contain/],
      ['a\0b', /must not contain/],
      ['..', /must not be "\." or "\.\."/],
      ['.', /must not be/],
      ['x'.repeat(256), /at most 255 bytes/],
    ] as const) {
      const error = thrown(() => commitPathSegment(value, 'filename'));
      expect(error.code, String(value)).to.equal('invalid-api-params');
      expect(error.message).to.match(/^The commit's filename /);
      expect(error.message).to.match(problem);
      expect(error.details['field']).to.equal('filename');
    }
  });

  it('removes at start the partial archives an earlier process left, and nothing else', async () => {
    mkdirSync(join(commitDir, 'alice@lablup.com'));
    mkdirSync(join(commitDir, 'bob@lablup.com'));
    writeFileSync(
      join(commitDir, 'alice@lablup.com', '.2026-12-04T10H00M00S_s1_python.tar.gz.partial'),
      'half',
    );
    writeFileSync(join(commitDir, 'alice@lablup.com', '2026-12-03T09H00M00S_s0_python.tar.gz'), 'whole');
    writeFileSync(join(commitDir, 'bob@lablup.com', 'notes.partial'), 'not ours: no leading dot');
    writeFileSync(join(commitDir, '.stray.partial'), 'not in a user folder');
    const log = new RecordingLogger();
    const commits = new KernelCommits({ name: 'fake-container' } as unknown as AgentBackend, commitDir, log);
    expect(await commits.removeLeftoverPartials()).to.deep.equal([
      join(commitDir, 'alice@lablup.com', '.2026-12-04T10H00M00S_s1_python.tar.gz.partial'),
    ]);
    expect(readdirSync(join(commitDir, 'alice@lablup.com'))).to.deep.equal([
      '2026-12-03T09H00M00S_s0_python.tar.gz',
    ]);
    expect(readdirSync(join(commitDir, 'bob@lablup.com'))).to.deep.equal(['notes.partial']);
    expect(readdirSync(commitDir)).to.include('.stray.partial');
    // A commit directory that does not exist yet (no commit ever ran) is nothing to sweep.
    const fresh = new KernelCommits({ name: 'x' } as unknown as AgentBackend, join(commitDir, 'none'), log);
    expect(await fresh.removeLeftoverPartials()).to.deep.equal([]);
  });
});
