import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendClientError, Client, FileTransferStateStore } from '@tessera/client';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { runCommand } from '../../support/run-command';

const CLI = join(REPO_ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const MANIFEST = join(REPO_ROOT, 'manifests', 'all-in-one.yaml');

/** Whether a process with this pid exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * As an operator meets it: `npm start` (the all-in-one: manager and process agent in one process)
 * killed with -9 while a session runs, then started again on the same data folder. The session
 * does not stay RUNNING with nothing behind it: it ends in ERROR (agent-restarted), its slots are
 * free for new sessions, `tessera rm` of it returns, and its kernel process did not outlive the
 * agent.
 */
describe('e2e: the all-in-one killed with -9 and restarted', function () {
  this.timeout(90_000);
  let dataDir: string;
  let env: Record<string, string>;
  let daemon: ChildProcess | undefined;

  const up = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [CLI, 'up', MANIFEST], {
      env: { ...process.env, ...env, TESSERA_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`tessera up exited ${child.exitCode}: ${stderr}`);
        return stderr.includes('Press Ctrl-C to stop.');
      },
      'tessera up to say it is up',
      30_000,
    );
    return child;
  };
  const tessera = (args: string[]) =>
    runCommand(process.execPath, [CLI, ...args], { env, timeoutMs: 30_000 });
  const sessionInfo = async (name: string): Promise<Record<string, unknown>> =>
    Client.fromEnv(env).getSession(name);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-kill9-'));
    const port = await freePort();
    env = {
      TESSERA_DATA_DIR: dataDir,
      TESSERA_MANAGER_PORT: String(port),
      BACKEND_ENDPOINT: `http://127.0.0.1:${port}`,
      BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
      BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
  });

  after(async () => {
    if (daemon && daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon!.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends the lost session, frees its slots, and lets rm and new sessions work', async () => {
    daemon = await up();
    const created = await Client.fromEnv(env).createSession({ image: 'python:3', name: 'kept-s1' });
    const sessionId = created.sessionId!;
    expect(created.status).to.equal('RUNNING');
    // By name while it is active; by id once it has ended (names are looked up among active sessions).
    const before = await sessionInfo(sessionId);
    const kernelPid = Number(((before.kernels as Array<Record<string, unknown>>)[0] ?? {}).containerId);
    expect(kernelPid, 'the kernel process id').to.be.greaterThan(0);
    expect(alive(kernelPid)).to.equal(true);

    daemon.kill('SIGKILL');
    await new Promise((resolve) => daemon!.once('exit', resolve));
    daemon = await up();

    const after = await eventually(async () => {
      const info = await sessionInfo(sessionId);
      return info.status === 'ERROR' ? info : false;
    }, 'the lost session to end');
    expect(after).to.include({ status: 'ERROR', statusInfo: 'agent-restarted' });
    await tessera(['rm', sessionId]);
    const fresh = await tessera([
      'run',
      '--rm',
      '-t',
      'after-kill',
      '-c',
      'print("still works")',
      'python:3',
    ]);
    expect(fresh.stdout).to.equal('still works\n');
    await eventually(() => !alive(kernelPid), `the lost kernel's process ${kernelPid} to be gone`);
  });
  it("an upload cut by the kill resumes from its offset after the restart, on the proxy's new port", async () => {
    daemon ??= await up();
    const client = Client.fromEnv(env);
    await client.vfolders.create('kept-data', { host: 'local:volume1' });
    const local = join(dataDir, 'upload.bin');
    const content = randomBytes(48 * 1024 * 1024);
    writeFileSync(local, content);
    const stateStore = new FileTransferStateStore(join(dataDir, 'transfers'));
    const stateFiles = () => (existsSync(stateStore.directory) ? readdirSync(stateStore.directory) : []);

    // The all-in-one's storage proxy listens on a port of its own choosing (0): after a restart,
    // the URL the upload saved leads nowhere.
    const controller = new AbortController();
    let killed: Promise<unknown> | undefined;
    const first = client.vfolders.upload('kept-data', local, {
      chunkSize: 1024 * 1024,
      stateStore,
      signal: controller.signal,
      onProgress: (done) => {
        if (done < 8 * 1024 * 1024 || killed) return;
        daemon!.kill('SIGKILL');
        killed = new Promise((resolve) => daemon!.once('exit', resolve)).then(() => controller.abort());
      },
    });
    const interrupted = await first.then(
      () => 'completed',
      (error: unknown) => error,
    );
    await killed;
    expect(interrupted).to.be.instanceOf(BackendClientError);
    expect((interrupted as BackendClientError).reason).to.equal('aborted');
    expect(stateFiles()).to.have.length(1);

    daemon = await up();
    const resumed = await client.vfolders.upload('kept-data', local, { chunkSize: 1024 * 1024, stateStore });
    expect(resumed.resumedFrom).to.be.greaterThan(0);
    expect(resumed.resumedFrom).to.be.lessThan(content.length);
    expect(stateFiles()).to.deep.equal([]);

    const copy = join(dataDir, 'copy.bin');
    await client.vfolders.download('kept-data', 'upload.bin', copy, { stateStore });
    const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(digest(readFileSync(copy))).to.equal(digest(content));
    // Nothing staged is left in the volume: the relocation's spare token never wrote a file.
    const staged = readdirSync(join(dataDir, 'storage-proxy', 'volumes', 'volume1'), { recursive: true })
      .map(String)
      .filter((path) => path.split('/').includes('.upload'));
    expect(staged).to.deep.equal([]);
  });
});
