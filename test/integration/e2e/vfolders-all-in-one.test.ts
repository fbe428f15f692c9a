import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiConfig, Client } from '@tessera/client';
import { Kernel, type ConfigStore, type Database } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { freePort } from '../../support/free-port';
import { sdkClient, sdkFailure, type BackendAiClient } from '../manager/support/manager-deployment';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The vfolder calls of Backend.AI's JS SDK 21.3.1 this test makes (see the SDK's VFolder class). */
interface SdkVfolders {
  list(): Promise<Array<Record<string, unknown>>>;
  list_hosts(): Promise<{ default: string; allowed: string[] }>;
  list_allowed_types(): Promise<string[]>;
  info(name: string): Promise<Record<string, unknown>>;
  mkdir(path: string, name: string): Promise<unknown>;
  list_files(path: string, name: string): Promise<{ items: Array<Record<string, unknown>>; files: string }>;
  rename_file(target: string, newName: string, name: string): Promise<unknown>;
  delete_files(files: string[], recursive: boolean, name: string): Promise<unknown>;
  request_download_token(file: string, name: string): Promise<{ token: string; url: string }>;
}
type Sdk = BackendAiClient & {
  vfolder: SdkVfolders;
  getTaskLogs(sessionName: string): Promise<unknown>;
  get_manager_version(): Promise<string>;
};

/**
 * vfolders in the all-in-one as `npm start` runs it (SQLite, the process backend, the storage proxy
 * with a vfs volume in the same process): folders made and filled through Tessera's SDK, mounted
 * into sessions by name and alias, a batch step's task log read back, and the folder calls of
 * Backend.AI's JS SDK.
 */
describe('e2e: vfolders in the all-in-one (storage proxy, mounts, task logs, the JS SDK)', function () {
  this.timeout(60_000);
  let kernel: Kernel;
  let dataDir: string;
  let client: Client;
  let sdk: Sdk;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-vfolders-'));
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    kernel = await Kernel.fromManifest(join(REPO_ROOT, 'manifests', 'all-in-one.yaml'), {
      env: { TESSERA_DATA_DIR: dataDir, TESSERA_MANAGER_PORT: String(port), TESSERA_LOG_LEVEL: 'silent' },
      cwd: REPO_ROOT,
    });
    await kernel.start();
    client = new Client(
      new ApiConfig({ endpoints: [endpoint], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
    );
    sdk = sdkClient(endpoint, SECRET_KEY, ACCESS_KEY) as Sdk;
    await sdk.get_manager_version();
  });

  after(async () => {
    await kernel?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves local:volume1 as the default host, registered by the in-process proxy', async () => {
    const store = kernel.resolve<ConfigStore>('config-store');
    expect(await store.get('volumes/default_host')).to.equal('local:volume1');
    expect(await client.vfolders.hosts()).to.deep.equal({
      default: 'local:volume1',
      allowed: ['local:volume1'],
    });
  });

  it('answers 404 for a task log while the user has no .logs folder', async () => {
    const missing = await sdkFailure(sdk.getTaskLogs('work'));
    expect(missing.statusCode).to.equal(404);
  });

  it("mounts folders by name and alias and the user's .logs; the kernel reads and writes them; a batch step's output is the task log", async () => {
    await client.vfolders.create('data');
    await client.vfolders.create('shared');
    await client.vfolders.create('.logs');
    const local = join(dataDir, 'hello.txt');
    writeFileSync(local, 'hello from a vfolder\n');
    await client.vfolders.upload('data', local);
    await client.vfolders.upload('shared', local, { remotePath: 'shared-hello.txt' });

    const session = await client.createSession({
      image: 'python:3',
      name: 'work',
      mounts: ['data', 'shared:inputs'],
      resources: { cpu: '1', mem: '256m' },
    });
    expect(session.status).to.equal('RUNNING');
    const id = session.sessionId ?? session.sessId;
    const run = await client.execute(id, {
      mode: 'query',
      runId: 'mounts-1',
      code: 'import os\nprint(open("data/hello.txt").read().strip(), os.listdir("inputs"), os.path.isdir(".logs"))\nopen("data/made.txt", "w").write("by the kernel")',
    });
    expect(run.console).to.deep.equal([['stdout', "hello from a vfolder ['shared-hello.txt'] True\n"]]);

    // Batch steps append to .logs/task/..., which GET /session/_/logs serves (the JS SDK's call).
    const ran = await client.runBatch(id, { exec: 'echo task-output; echo task-error >&2' });
    expect(ran.exitCode).to.equal(0);
    // stdout and stderr come through two pipes, so their lines may interleave either way.
    const log = String(await sdk.getTaskLogs('work'));
    expect(log.split('\n').filter(Boolean).sort()).to.deep.equal(['task-error', 'task-output']);
    await client.destroySession(id);

    const names = (await client.vfolders.files('data')).map((file) => file.name).sort();
    expect(names).to.deep.equal(['hello.txt', 'made.txt']);
    const copy = join(dataDir, 'made-copy.txt');
    await client.vfolders.download('data', 'made.txt', copy);
    expect(readFileSync(copy, 'utf8')).to.equal('by the kernel');
  });

  it('refuses a session asking for a folder the user does not have, naming it, and starts nothing', async () => {
    let refused: unknown;
    await client
      .createSession({ image: 'python:3', name: 'no-folder', mounts: ['nothing-here'] })
      .catch((error: unknown) => (refused = error));
    expect(String((refused as Error)?.message)).to.contain('nothing-here');
    const db = kernel.resolve<Database>('database');
    expect(await db.sessions.findActiveByName(ACCESS_KEY, 'no-folder')).to.equal(null);
  });

  it('answers the folder calls of the JS SDK: list, hosts, types, info, mkdir, files, rename, delete, download', async () => {
    expect((await sdk.vfolder.list()).map((folder) => folder['name']).sort()).to.deep.equal([
      '.logs',
      'data',
      'shared',
    ]);
    expect(await sdk.vfolder.list_hosts()).to.deep.equal({
      default: 'local:volume1',
      allowed: ['local:volume1'],
    });
    expect(await sdk.vfolder.list_allowed_types()).to.deep.equal(['user', 'group']);
    expect(await sdk.vfolder.info('data')).to.include({
      name: 'data',
      host: 'local:volume1',
      is_owner: true,
    });

    await sdk.vfolder.mkdir('reports', 'data');
    await sdk.vfolder.rename_file('hello.txt', 'greeting.txt', 'data');
    const files = (await sdk.vfolder.list_files('.', 'data')).items.map((file) => file['name']).sort();
    expect(files).to.deep.equal(['greeting.txt', 'made.txt', 'reports']);

    const { token, url } = await sdk.vfolder.request_download_token('greeting.txt', 'data');
    const body = await (await fetch(`${url}?token=${encodeURIComponent(token)}`)).text();
    expect(body).to.equal('hello from a vfolder\n');

    await sdk.vfolder.delete_files(['reports'], true, 'data');
    const after = (await sdk.vfolder.list_files('.', 'data')).items.map((file) => file['name']).sort();
    expect(after).to.deep.equal(['greeting.txt', 'made.txt']);
  });
});
