import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
  closeSync,
  existsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiConfig, Client } from '@tessera/client';
import { Kernel, type ConfigStore } from '@tessera/core';
import { REPO_ROOT } from '../../support/plugin-sandbox';
import { freePort } from '../../support/free-port';
import { eventually } from '../../support/eventually';
import { runCli, startCli, type CliResult } from '../../unit/cli/support/run-built-cli';
import { ThrottledRelay } from './support/throttled-relay';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const MiB = 1024 * 1024;
const FILE_SIZE = 200 * MiB;
/** The slow link the interrupted runs go through: 200 MiB would take 8 s. */
const SLOW_LINK = 25 * MiB;
const VFOLDER_PLUGINS = ['@tessera/storage-proxy', '@tessera/manager-vfolders'];

/** The all-in-one manifest; it must load the storage proxy and the vfolder routes. */
function allInOneManifest(): string {
  const path = join(REPO_ROOT, 'manifests', 'all-in-one.yaml');
  const text = readFileSync(path, 'utf8');
  const missing = VFOLDER_PLUGINS.filter((name) => !text.includes(name));
  if (missing.length > 0)
    throw new Error(`${path} does not load ${missing.join(' and ')}: no vfolders to test`);
  return path;
}

/** The transfer states kept under a config dir (none when the folder was never made). */
function stateFiles(configDir: string): string[] {
  const folder = join(configDir, 'transfers');
  return existsSync(folder) ? readdirSync(folder) : [];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The CLI round trip of issue 13 against a real all-in-one deployment (manager, vfolder routes and
 * storage proxy in one process; the CLI as child processes): create a folder, upload a 200 MiB file
 * with a progress bar, Ctrl-C it midway, run the same command again (it resumes), download it
 * (interrupted and resumed too), and get the same sha256.
 */
describe('tessera vfolder: the upload / interrupt / resume / download round trip (all-in-one)', function () {
  this.timeout(180_000);
  let kernel: Kernel;
  let dataDir: string;
  let work: string;
  let endpoint: string;
  let clientApi: URL;
  let host: string;
  let relay: ThrottledRelay;
  let slowOverride: string;

  const env = (): NodeJS.ProcessEnv => ({
    HOME: work,
    BACKEND_ENDPOINT: endpoint,
    BACKEND_ACCESS_KEY: ACCESS_KEY,
    BACKEND_SECRET_KEY: SECRET_KEY,
    TESSERA_CONFIG_DIR: join(work, 'config'),
  });
  const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: env(), cwd: work });
  const ok = async (args: string[]): Promise<CliResult> => {
    const result = await cli(args);
    expect(result.code, `tessera ${args.join(' ')}\n${result.stderr}`).to.equal(0);
    return result;
  };

  /**
   * Starts a command, waits until its progress bar passes `percent`, then interrupts it: Ctrl-C
   * (SIGINT), or SIGKILL for a process that gets no chance to clean up.
   */
  const interruptAt = async (
    args: string[],
    percent: number,
    signal: NodeJS.Signals = 'SIGINT',
  ): Promise<{ result: CliResult; seen: number }> => {
    const { child, result } = startCli(args, { env: env(), cwd: work });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const seen = await eventually(
      () => {
        const percents = [...stderr.matchAll(/\] +(\d+)%/g)].map((match) => Number(match[1]));
        const last = percents[percents.length - 1] ?? -1;
        return last >= percent && last < 100 ? last : false;
      },
      `the progress bar of "tessera ${args.join(' ')}" to pass ${percent}%`,
      { timeoutMs: 60_000 },
    );
    child.kill(signal);
    return { result: await result, seen };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-vfolder-aio-'));
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-vfolder-work-'));
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    kernel = await Kernel.fromManifest(allInOneManifest(), {
      env: {
        ...process.env,
        TESSERA_DATA_DIR: dataDir,
        TESSERA_MANAGER_PORT: String(port),
        TESSERA_LOG_LEVEL: 'silent',
      },
      cwd: REPO_ROOT,
    });
    await kernel.start();
    const store = kernel.resolve<ConfigStore>('config-store');
    host = (await store.get('volumes/default_host')) ?? '';
    expect(host, 'the storage proxy set volumes/default_host').to.match(/^[^:]+:[^:]+$/);
    const registration = JSON.parse((await store.get(`volumes/proxies/${host.split(':')[0]}`)) ?? '{}') as {
      client_api?: string;
    };
    clientApi = new URL(String(registration.client_api));
    relay = new ThrottledRelay(clientApi.hostname, Number(clientApi.port), SLOW_LINK);
    slowOverride = `${clientApi.origin}=${await relay.listen()}`;
    // The example superadmin grants its domain the proxy's volume, as an operator would (the admin
    // API's allowed_vfolder_hosts is a list of hosts, each granted every permission).
    const admin = new Client(
      new ApiConfig({ endpoints: [endpoint], accessKey: ACCESS_KEY, secretKey: SECRET_KEY }),
    );
    const granted = await admin.graphql<{ modify_domain: { ok: boolean; msg: string } }>(
      'mutation($name: String!, $props: ModifyDomainInput!) { modify_domain(name: $name, props: $props) { ok msg } }',
      { name: 'default', props: { allowed_vfolder_hosts: [host] } },
    );
    expect(granted.modify_domain, granted.modify_domain.msg).to.include({ ok: true });
  });

  after(async () => {
    await relay?.close();
    await kernel?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('create, upload 200 MiB (Ctrl-C, then resume), download (killed, then resumed): same sha256', async () => {
    const created = await ok(['vfolder', 'create', 'roundtrip', host, '--json']);
    expect(JSON.parse(created.stdout)).to.include({ name: 'roundtrip', host });
    const listed = await ok(['vfolder', 'list']);
    expect(listed.stdout)
      .to.match(/^NAME +ID +HOST/)
      .and.match(new RegExp(`\\nroundtrip +[0-9a-f-]+ +${host}`));

    const local = join(work, 'big.bin');
    const hash = createHash('sha256');
    const fd = openSync(local, 'w');
    for (let written = 0; written < FILE_SIZE; written += 8 * MiB) {
      const block = randomBytes(8 * MiB);
      hash.update(block);
      writeSync(fd, block);
    }
    closeSync(fd);
    const expected = hash.digest('hex');

    // 1. Upload through the slow link with a progress bar, and press Ctrl-C a quarter of the way.
    const first = await interruptAt(
      [
        'vfolder',
        'upload',
        'roundtrip',
        'big.bin',
        '--progress',
        'bar',
        '--chunk-size',
        '8m',
        '--override-storage-proxy',
        slowOverride,
      ],
      20,
    );
    expect(first.result.code, first.result.stderr).to.equal(130);
    expect(first.result.stderr).to.match(
      /\[#+\.+\] +\d+% {2}[\d.]+ MiB\/200\.0 MiB {2}[\d.]+ \S+\/s {2}ETA \d+:\d\d {2}big\.bin/,
    );
    expect(first.result.stderr).to.include(
      'tessera: the upload was interrupted; the same call again resumes it\n',
    );
    expect(readdirSync(join(work, 'config', 'transfers')), 'the upload is remembered').to.have.length(1);
    const during = await ok(['vfolder', 'ls', 'roundtrip', '--json']);
    expect(
      (JSON.parse(during.stdout) as Array<{ name: string }>).map((item) => item.name),
      'nothing half-written is visible',
    ).to.not.include('big.bin');

    // 2. The same command again continues from the proxy's offset.
    const second = await ok([
      'vfolder',
      'upload',
      'roundtrip',
      'big.bin',
      '--progress',
      'bar',
      '--chunk-size',
      '8m',
    ]);
    const resumedAt = /resumed at ([\d.]+) MiB\)/.exec(second.stdout);
    expect(resumedAt, second.stdout).to.not.equal(null);
    expect(Number(resumedAt![1])).to.be.greaterThan(10);
    expect(second.stdout).to.match(/^uploaded big\.bin to roundtrip:big\.bin \(200\.0 MiB in \d+:\d\d, /);
    expect(readdirSync(join(work, 'config', 'transfers'))).to.deep.equal([]);
    const files = JSON.parse((await ok(['vfolder', 'ls', 'roundtrip', '--json'])).stdout) as Array<{
      name: string;
      size: number;
      type: string;
    }>;
    expect(files.find((item) => item.name === 'big.bin')).to.include({ size: FILE_SIZE, type: 'FILE' });

    // 3. Download through the slow link, kill the process outright, then the same command again.
    const copy = join(work, 'copy.bin');
    const third = await interruptAt(
      [
        'vfolder',
        'download',
        'roundtrip',
        'big.bin',
        '-o',
        'copy.bin',
        '--progress',
        'bar',
        '--override-storage-proxy',
        slowOverride,
      ],
      20,
      'SIGKILL',
    );
    expect(third.result.signal).to.equal('SIGKILL');
    expect(existsSync(copy), 'no partial file under the final name').to.equal(false);
    expect(existsSync(`${copy}.part`)).to.equal(true);
    const fourth = await ok([
      'vfolder',
      'download',
      'roundtrip',
      'big.bin',
      '-o',
      'copy.bin',
      '--no-progress',
    ]);
    expect(fourth.stdout).to.match(
      /^downloaded roundtrip:big\.bin to copy\.bin \(200\.0 MiB in \d+:\d\d, .*, resumed at [\d.]+ MiB\)\n$/,
    );
    expect(fourth.stderr).to.equal('');
    expect(await sha256Of(copy)).to.equal(expected);
  });

  it('file verbs, a directory as a zip, clone with its background task, trash, restore and purge', async () => {
    writeFileSync(join(work, 'small.txt'), 'hello vfolder\n');
    writeFileSync(join(work, 'empty.txt'), '');
    await ok(['vfolder', 'create', 'source', host, '--cloneable']);
    await ok(['vfolder', 'upload', 'source', 'small.txt', 'empty.txt', '--no-progress']);
    const top = JSON.parse((await ok(['vfolder', 'ls', 'source', '--json'])).stdout) as Array<{
      name: string;
      size: number;
    }>;
    expect(top.map((item) => [item.name, item.size]).sort()).to.deep.equal([
      ['empty.txt', 0],
      ['small.txt', 14],
    ]);
    await ok(['vfolder', 'rm', 'source', 'empty.txt']);
    await ok(['vfolder', 'mkdir', 'source', 'sub/deeper', '-p']);
    await ok(['vfolder', 'mv', 'source', 'small.txt', 'sub/small.txt']);
    await ok(['vfolder', 'rename-file', 'source', 'sub/small.txt', 'renamed.txt']);
    const sub = JSON.parse((await ok(['vfolder', 'ls', 'source', 'sub', '--json'])).stdout) as Array<{
      name: string;
      type: string;
    }>;
    expect(sub.map((item) => [item.name, item.type]).sort()).to.deep.equal([
      ['deeper', 'DIRECTORY'],
      ['renamed.txt', 'FILE'],
    ]);
    const table = await ok(['vfolder', 'ls', 'source', 'sub']);
    expect(table.stdout).to.match(/^NAME +TYPE +SIZE +MODE +MODIFIED\n/);

    const zipped = await ok(['vfolder', 'download', 'source', 'sub', '--no-progress']);
    expect(zipped.stdout).to.match(/^downloaded source:sub to sub\.zip /);
    expect(readFileSync(join(work, 'sub.zip')).subarray(0, 2).toString()).to.equal('PK');

    const cloned = await ok(['vfolder', 'clone', 'source', 'copy']);
    expect(cloned.stdout).to.match(/^cloned source into copy \([0-9a-f-]+\)\n$/);
    expect(cloned.stderr).to.match(/^cloning source into copy \(task [0-9a-f-]+\)\n/);
    const copied = JSON.parse((await ok(['vfolder', 'ls', 'copy', 'sub', '--json'])).stdout) as Array<{
      name: string;
    }>;
    expect(copied.map((item) => item.name)).to.include('renamed.txt');

    await ok(['vfolder', 'rm', 'source', 'sub', '-r']);
    expect(JSON.parse((await ok(['vfolder', 'ls', 'source', '--json'])).stdout)).to.deep.equal([]);

    const usage = await ok(['vfolder', 'usage', 'roundtrip', '--json']);
    expect(JSON.parse(usage.stdout)).to.have.property('used_bytes').that.is.at.least(FILE_SIZE);

    expect((await ok(['vfolder', 'delete', 'copy'])).stdout).to.equal('moved folder copy to the trash\n');
    await ok(['vfolder', 'restore', 'copy']);
    await ok(['vfolder', 'info', 'copy']);
    await ok(['vfolder', 'delete', 'copy']);
    const refused = await cli(['vfolder', 'purge', 'copy']);
    expect(refused.code).to.equal(2);
    expect((await ok(['vfolder', 'purge', 'copy', '--yes'])).stdout).to.equal(
      'deleted folder copy for good\n',
    );
    const names = (
      JSON.parse((await ok(['vfolder', 'list', '--json'])).stdout) as Array<{ name: string }>
    ).map((item) => item.name);
    expect(names).to.include.members(['roundtrip', 'source']).and.not.include('copy');
  });

  it('invite, invitations, accept, leave between two users; refusals from the refused side', async () => {
    const added = await runCli(['admin', 'users', 'add', 'bob@example.com', '-d', 'default', '--json'], {
      env: env(),
      cwd: work,
      stdin: 'bob-password-1234\n',
    });
    expect(added.code, added.stderr).to.equal(0);
    const keypair = (JSON.parse(added.stdout) as { keypair: { access_key: string; secret_key: string } })
      .keypair;
    const bob = (args: string[]): Promise<CliResult> =>
      runCli(args, {
        env: {
          ...env(),
          BACKEND_ACCESS_KEY: keypair.access_key,
          BACKEND_SECRET_KEY: keypair.secret_key,
          TESSERA_CONFIG_DIR: join(work, 'bob-config'),
        },
        cwd: work,
      });

    const stranger = await bob(['vfolder', 'ls', 'roundtrip']);
    expect(stranger.code, 'not shared yet').to.equal(1);
    expect(stranger.stderr).to.match(/^tessera: [^\n]*"roundtrip"[^\n]*\(HTTP 404\)/);

    const invited = await ok(['vfolder', 'invite', 'roundtrip', 'bob@example.com', '-p', 'ro']);
    expect(invited.stdout).to.equal('invited bob@example.com to roundtrip (ro)\n');
    const sent = JSON.parse((await ok(['vfolder', 'invitations', '--sent', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(sent).to.have.length(1);
    const received = await bob(['vfolder', 'invitations', '--json']);
    const [invitation] = JSON.parse(received.stdout) as Array<{
      id: string;
      vfolder_name: string;
      perm: string;
    }>;
    expect(invitation).to.include({ vfolder_name: 'roundtrip', perm: 'ro' });
    const table = await bob(['vfolder', 'invitations']);
    expect(table.stdout).to.match(/^ID +FOLDER +INVITER +INVITEE +PERMISSION +STATE +CREATED\n/);

    expect((await bob(['vfolder', 'accept', invitation!.id])).stdout).to.equal(
      `accepted invitation ${invitation!.id}\n`,
    );
    const seen = await bob(['vfolder', 'ls', 'roundtrip', '--json']);
    expect(seen.code, seen.stderr).to.equal(0);
    expect((JSON.parse(seen.stdout) as Array<{ name: string }>).map((item) => item.name)).to.include(
      'big.bin',
    );

    writeFileSync(join(work, 'bob.txt'), 'from bob\n');
    const readOnly = await bob(['vfolder', 'upload', 'roundtrip', 'bob.txt', '--no-progress']);
    expect(readOnly.code, 'ro refuses uploads').to.equal(1);
    expect(readOnly.stderr).to.match(/^tessera: [^\n]*\(HTTP 40[34]\)[^\n]*\n$/);
    expect(stateFiles(join(work, 'bob-config')), 'a refused upload leaves no state').to.deep.equal([]);

    expect((await bob(['vfolder', 'leave', 'roundtrip'])).stdout).to.equal('left folder roundtrip\n');
    expect((await bob(['vfolder', 'ls', 'roundtrip'])).code, 'gone after leaving').to.equal(1);
  });

  it('a second download to the same place is refused; refusals are one line', async () => {
    const again = await cli(['vfolder', 'download', 'roundtrip', 'big.bin', '-o', 'copy.bin']);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/^tessera: .*copy\.bin already exists/);
    const missing = await cli(['vfolder', 'info', 'no-such-folder']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/^tessera: [^\n]*"no-such-folder"[^\n]*\(HTTP 404\)[^\n]*\n$/);
  });
});
