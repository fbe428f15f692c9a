import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { runCli, startCli, type CliResult } from '../../unit/cli/support/run-built-cli';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

function etcdManifest(endpoint: string, namespace: string): string {
  return [
    'apiVersion: tessera/v1',
    'kind: Deployment',
    'name: config-cli',
    'roles: [manager]',
    'plugins:',
    "  - package: '@tessera/config-store-etcd'",
    '    config:',
    `      endpoints: ['${endpoint}']`,
    `      namespace: ${namespace}`,
    '      requestTimeoutMs: 2000',
    '',
  ].join('\n');
}

describe('tessera config (built CLI, child processes, halfstack etcd)', function () {
  this.timeout(60_000);
  let dir: string;
  let manifest: string;
  const config = (...args: string[]): Promise<CliResult> =>
    runCli(['config', ...args, '--manifest', manifest], { cwd: REPO_ROOT });
  const ok = async (...args: string[]): Promise<string> => {
    const result = await config(...args);
    expect(result, `tessera config ${args.join(' ')}`).to.include({ code: 0, stderr: '' });
    return result.stdout;
  };

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    const { etcd } = await requireServices(['etcd']);
    dir = mkdtempSync(join(tmpdir(), 'tessera-config-cli-'));
    manifest = join(dir, 'cluster.yaml');
    writeFileSync(manifest, etcdManifest(etcd, `test-${randomUUID()}`));
  });
  after(async () => {
    if (manifest) await config('delete', '--prefix', '');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Each verb is a child process (about half a second each): the tests share set-up to stay few.
  it('puts, gets, lists and deletes keys, printing plain values or JSON', async () => {
    await ok('put', 'config/redis/addr', '127.0.0.1:8110');
    await ok('put', 'config/docker/registry/cr.backend.ai/type', 'harbor2');
    expect(await ok('get', 'config/redis/addr')).to.equal('127.0.0.1:8110\n');
    expect(await ok('get', 'config/redis/addr', '--json')).to.equal('"127.0.0.1:8110"\n');

    const table = await ok('list', 'config');
    expect(
      table
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s{2,}/)),
    ).to.deep.equal([
      ['KEY', 'VALUE'],
      ['config/docker/registry/cr.backend.ai/type', 'harbor2'],
      ['config/redis/addr', '127.0.0.1:8110'],
    ]);
    expect(JSON.parse(await ok('list', 'config/docker', '--json'))).to.deep.equal([
      { key: 'config/docker/registry/cr.backend.ai/type', value: 'harbor2' },
    ]);

    expect(await ok('delete', 'config/redis/addr')).to.equal('deleted 1 keys\n');
    const missing = await config('get', 'config/redis/addr');
    expect(missing).to.include({ code: 1, stdout: '', stderr: 'tessera: no value at config/redis/addr\n' });
    expect(await ok('delete', '--prefix', '', '--json')).to.equal('{"deleted":1}\n');
  });

  it('put-json reads a subtree with "" for the value of a key that has children; get --prefix prints it', async () => {
    const file = join(dir, 'registry.json');
    writeFileSync(file, JSON.stringify({ '': 'https://cr.backend.ai', type: 'harbor2', project: 'stable' }));
    expect(await ok('put-json', 'config/docker/registry/cr.backend.ai', file)).to.equal('put 3 keys\n');
    expect(JSON.parse(await ok('get', '--prefix', 'config/docker/registry'))).to.deep.equal({
      'cr.backend.ai': { '': 'https://cr.backend.ai', project: 'stable', type: 'harbor2' },
    });
    await ok('delete', '--prefix', '');
  });

  it('backs up with get --prefix "" and restores with delete --prefix "" then put-json ""', async () => {
    const seed = join(dir, 'seed.json');
    writeFileSync(
      seed,
      JSON.stringify({
        config: { redis: { addr: '127.0.0.1:8110' } },
        volumes: {
          default_host: 'bai-m1:local',
          _types: { user: '' },
          proxies: { 'bai-m1': { client_api: 'x' } },
        },
      }),
    );
    expect(await ok('put-json', '', seed)).to.equal('put 4 keys\n');
    const backup = join(dir, 'backup.json');
    writeFileSync(backup, await ok('get', '--prefix', ''));

    await ok('put', 'volumes/default_host', 'changed after the backup');
    expect(await ok('delete', '--prefix', '')).to.equal('deleted 4 keys\n');
    expect(await ok('put-json', '', backup)).to.equal('put 4 keys\n');
    expect(JSON.parse(await ok('list', '--json'))).to.deep.equal([
      { key: 'config/redis/addr', value: '127.0.0.1:8110' },
      { key: 'volumes/_types/user', value: '' },
      { key: 'volumes/default_host', value: 'bai-m1:local' },
      { key: 'volumes/proxies/bai-m1/client_api', value: 'x' },
    ]);
    expect(JSON.parse(readFileSync(backup, 'utf8'))).to.deep.equal(JSON.parse(readFileSync(seed, 'utf8')));
    await ok('delete', '--prefix', '');
  });

  it('watch prints one line per change under its path until Ctrl-C', async () => {
    const watcher = startCli(['config', 'watch', 'config/plugins', '--manifest', manifest], {
      cwd: REPO_ROOT,
    });
    let stderr = '';
    let stdout = '';
    watcher.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise<void>((ready, failed) => {
      watcher.child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('watching')) ready();
      });
      watcher.child.on('exit', () => failed(new Error(`watch exited early: ${stderr}`)));
    });
    await ok('put', 'config/plugins/accelerator/cuda/allocation_mode', 'fractional');
    await ok('put', 'config/pluginsx', 'not under config/plugins');
    await ok('delete', 'config/plugins/accelerator/cuda/allocation_mode');
    try {
      await eventually(() => stdout.includes('delete '), 'the watch to print the delete', 10_000);
    } finally {
      watcher.child.kill('SIGINT');
    }
    const result = await watcher.result;
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(
      'put config/plugins/accelerator/cuda/allocation_mode fractional\n' +
        'delete config/plugins/accelerator/cuda/allocation_mode\n',
    );
  });

  it('fails with one line naming the manifest and the endpoint when etcd does not answer', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const unreachable = join(dir, 'unreachable.yaml');
    writeFileSync(unreachable, etcdManifest(nobody, 'local'));
    const result = await runCli(['config', 'get', 'config/redis/addr', '--manifest', unreachable], {
      cwd: REPO_ROOT,
    });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
    expect(result.stderr).to.include(`tessera: cannot open the config store of ${unreachable}: `);
    expect(result.stderr).to.include(`etcd at ${nobody} did not answer (connect)`);
  });
});
