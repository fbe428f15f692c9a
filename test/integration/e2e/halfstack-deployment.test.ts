import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, Kernel, type Database } from '@tessera/core';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { requireKernelImages } from '../../support/kernel-images';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import type { ScratchDatabase } from '../database/support/postgres-scratch';
import { halfstackTenant, type HalfstackTenant } from '../../support/halfstack-tenant';

const CLI = join(REPO_ROOT, 'plugins', 'cli', 'bin', 'tessera.js');
const MANIFEST = join(REPO_ROOT, 'manifests', 'halfstack.yaml');
/** The README's halfstack example: in a container, and its memory limit (cgroup v1 or v2). */
const README_CODE = [
  'import os',
  'print(os.path.exists("/.dockerenv"))',
  'v1, v2 = "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max"',
  'print(open(v1 if os.path.exists(v1) else v2).read().strip())',
].join('\n');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The README's cluster path: `manifests/halfstack.yaml` on the real PostgreSQL, etcd and Redis
 * (a scratch database, etcd namespace and Redis stream of its own), set up with the operator
 * commands and driven with `tessera run`.
 */
describe('halfstack deployment: manifests/halfstack.yaml on PostgreSQL, etcd and Redis', function () {
  this.timeout(HALFSTACK_UP_TIMEOUT_MS);
  let tenant: HalfstackTenant;
  let suffix: string;
  let scratch: ScratchDatabase;
  let kernel: Kernel | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  const tessera = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { encoding: 'utf8', timeout: 60_000, cwd: REPO_ROOT, env: { ...env, ...extra } },
        (error, stdout, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    const addresses = await requireServices(['postgres', 'redis', 'etcd', 'docker']);
    await requireKernelImages();
    tenant = await halfstackTenant(addresses);
    ({ suffix, database: scratch } = tenant);
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-halfstack-e2e-'));
    const port = await freePort();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TESSERA_DATA_DIR: dataDir,
      TESSERA_LOG_LEVEL: 'warn',
      TESSERA_MANAGER_PORT: String(port),
      ...tenant.env,
      BACKEND_ENDPOINT: `http://127.0.0.1:${port}`,
      BACKEND_ACCESS_KEY: 'AKIAHALFSTACKDEV0001',
      BACKEND_SECRET_KEY: 'halfstackDevSecretForLoopbackOnly0001',
    };
  });

  after(async () => {
    await kernel?.stop();
    await tenant?.cleanUp();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start before the schema is migrated, naming the command to run', async () => {
    const up = await tessera(['manifest', 'validate', MANIFEST]);
    expect(up.status, up.stderr).to.equal(0);
    try {
      const early = await Kernel.fromManifest(MANIFEST, {
        env,
        cwd: REPO_ROOT,
        only: ['database'],
        logger: createLogger({ level: 'silent' }),
      });
      await early.start();
      await early.stop();
      expect.fail('the database plugin started on an unmigrated database');
    } catch (error) {
      expect((error as Error).message).to.include('tessera schema migrate');
    }
  });

  it('migrates the schema once (a second run is a no-op) and loads the fixture idempotently', async () => {
    const first = await tessera(['schema', 'migrate', MANIFEST]);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/applied Migration\d+_initial/);
    const second = await tessera(['schema', 'migrate', MANIFEST]);
    expect(second.stdout.trim()).to.equal('schema is up to date');
    const fixture = join(REPO_ROOT, 'manifests', 'halfstack-fixture.json');
    const loaded = await tessera(['fixture', 'populate', fixture, '--manifest', MANIFEST]);
    expect(loaded.status, loaded.stderr).to.equal(0);
    const again = await tessera(['fixture', 'populate', fixture, '--manifest', MANIFEST]);
    expect(again.stdout).to.include('0 rows inserted');
  });

  it('runs code with tessera run in a container, with the session recorded in PostgreSQL', async () => {
    kernel = await Kernel.fromManifest(MANIFEST, { env, cwd: REPO_ROOT });
    await kernel.start();
    // The README's example: a container (/.dockerenv) with the requested memory limit in its cgroup.
    const result = await tessera([
      'run',
      '--rm',
      '-t',
      `halfstack-${suffix}`,
      '-r',
      'mem=512m',
      '-c',
      README_CODE,
      'python:3',
    ]);
    expect(result.stdout, `status ${result.status}: ${result.stderr}`).to.equal(`True\n${512 * 1024 ** 2}\n`);
    const rows = await scratch.query<{ status: string; access_key: string }>(
      'select status, access_key from sessions where name = $1',
      [`halfstack-${suffix}`],
    );
    expect(rows).to.deep.equal([{ status: 'TERMINATED', access_key: 'AKIAHALFSTACKDEV0001' }]);
    const agents = await kernel.resolve<Database>('database').agents.listSchedulable('default');
    expect(agents.map((a) => a.status)).to.deep.equal(['ALIVE']);
  });
});
