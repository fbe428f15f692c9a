import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kernel, type Database } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';

const CLI = join(REPO_ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The walking skeleton: the all-in-one manifest as `npm start` runs it, driven the way a user
 * would (the `tessera` CLI as a child process, and Backend.AI's official JS SDK).
 */
describe('walking skeleton: all-in-one', function () {
  this.timeout(60_000);
  let kernel: Kernel;
  let dataDir: string;
  let endpoint: string;

  // Asynchronous on purpose: the manager runs in this process and must keep answering.
  const tessera = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          encoding: 'utf8',
          timeout: 30_000,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            BACKEND_ENDPOINT: endpoint,
            BACKEND_ACCESS_KEY: ACCESS_KEY,
            BACKEND_SECRET_KEY: SECRET_KEY,
            ...env,
          },
        },
        (error, stdout, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    kernel = await Kernel.fromManifest(join(REPO_ROOT, 'manifests', 'all-in-one.yaml'), {
      env: { TESSERA_DATA_DIR: dataDir, TESSERA_MANAGER_PORT: String(port), TESSERA_LOG_LEVEL: 'silent' },
      cwd: REPO_ROOT,
    });
    await kernel.start();
  });

  after(async () => {
    await kernel?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET / without auth with the API version', async () => {
    const response = await fetch(`${endpoint}/`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('server')).to.equal('BackendAI');
    expect(await response.json()).to.deep.equal({ version: 'v9.20250722', manager: '0.1.0' });
  });

  it('tessera run --rm prints the output of the code, having gone through every layer', async () => {
    const result = await tessera([
      'run',
      '--rm',
      '-t',
      'e2e-hello',
      '-c',
      'print("hello from tessera")',
      'python:3',
    ]);
    expect(result.stderr).to.not.match(/Error|at .*\.js/);
    expect(result.stdout).to.equal('hello from tessera\n');
    expect(result.status).to.equal(0);

    const database = kernel.resolve<Database>('database');
    const [session] = (await database.sessions.listByStatus(['TERMINATED'])).filter(
      (s) => s.name === 'e2e-hello',
    );
    expect(session, 'a terminated session row').to.exist;
    expect(session!.accessKey).to.equal(ACCESS_KEY);
    expect(Object.keys(session!.statusHistory)).to.include.members([
      'PENDING',
      'SCHEDULED',
      'RUNNING',
      'TERMINATED',
    ]);
    expect(session!.kernels).to.have.length(1);
    const [kernelRow] = session!.kernels;
    expect(kernelRow!.agentId, 'placed on an agent by the scheduler').to.be.a('string');
    expect(kernelRow!.containerId, 'started by the agent backend').to.match(/^\d+$/);
    expect(kernelRow!.status).to.equal('TERMINATED');
    const agent = await database.agents.get(kernelRow!.agentId!);
    expect(agent!.status).to.equal('ALIVE');
    const occupied = Object.values(agent!.occupiedSlots).map(Number);
    expect(
      occupied.every((amount) => amount === 0),
      'slots returned to the agent',
    ).to.equal(true);
  });

  it('keeps interpreter state between runs of one session, and reports exceptions on stderr', async () => {
    const name = 'e2e-state';
    const first = await tessera(['run', '-t', name, '-c', 'x = 41', 'python:3']);
    expect(first.status).to.equal(0);
    const second = await tessera(['run', '--rm', '-t', name, '-c', 'print(x + 1)\n1/0', 'python:3']);
    expect(second.stdout).to.equal('42\n');
    expect(second.stderr).to.include('ZeroDivisionError');
  });

  it('refuses wrong keys with one clear line and a non-zero exit', async () => {
    const result = await tessera(['run', '--rm', '-c', 'print(1)', 'python:3'], {
      BACKEND_SECRET_KEY: 'not-the-secret',
    });
    expect(result.status).to.not.equal(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^tessera: authentication failed/);
    expect(result.stderr).to.not.include('not-the-secret');
  });

  it('refuses an unsigned session creation with 401 problem+json', async () => {
    const response = await fetch(`${endpoint}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-BackendAI-Version': 'v9.20250722' },
      body: JSON.stringify({ image: 'python:3' }),
    });
    expect(response.status).to.equal(401);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(((await response.json()) as { type: string }).type).to.equal(
      'https://api.backend.ai/probs/auth-failed',
    );
  });

  it('works with the official Backend.AI JS client SDK (backend.ai-client)', async () => {
    // The SDK is written for browsers: it keeps a request log in localStorage and reads
    // navigator.onLine. Give it minimal stand-ins, as a Node application embedding it must.
    const store = new Map<string, string>();
    Object.assign(globalThis, {
      localStorage: {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, String(v)),
        removeItem: (k: string) => void store.delete(k),
      },
    });
    if (
      !('navigator' in globalThis) ||
      (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === undefined
    ) {
      Object.defineProperty(globalThis, 'navigator', { value: { onLine: true }, configurable: true });
    }
    // The package's `main` points at a file it does not ship; its Node build is this file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('backend.ai-client/backend.ai-client-node.js') as {
      ClientConfig: new (accessKey: string, secretKey: string, endpoint: string) => unknown;
      Client: new (config: unknown) => {
        get_manager_version(): Promise<string>;
        createIfNotExists(
          image: string,
          name: string,
          resources?: Record<string, unknown>,
          timeout?: number,
        ): Promise<{ sessionId?: string; created: boolean; status: string }>;
        execute(
          name: string,
          runId: string,
          mode: string,
          code: string,
          options: unknown,
        ): Promise<{ result: { status: string; console: Array<[string, string]> } }>;
        destroy(name: string): Promise<unknown>;
      };
    };
    const client = new sdk.Client(new sdk.ClientConfig(ACCESS_KEY, SECRET_KEY, endpoint));
    expect(await client.get_manager_version()).to.equal('0.1.0');
    const created = await client.createIfNotExists('python:3', 'sdk-session', {}, 20_000);
    expect(created.created).to.equal(true);
    expect(created.status).to.equal('RUNNING');
    const executed = await client.execute('sdk-session', 'sdk-run-0001', 'query', 'print(6 * 7)', null);
    expect(executed.result.status).to.equal('finished');
    expect(executed.result.console).to.deep.equal([['stdout', '42\n']]);
    await client.destroy('sdk-session');
    const database = kernel.resolve<Database>('database');
    const active = await database.sessions.findActiveByName(ACCESS_KEY, 'sdk-session');
    expect(active, 'no live session left behind').to.equal(null);
  });
});
