import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@tessera/cli';
import { ManagerStandIn, type RecordedRequest, type StandInAnswer } from '../client/support/manager-stand-in';
import { FakeStorageProxy } from '../client-vfolders/support/fake-storage-proxy';
import { capturedIo } from '../cli/support/captured-io';
import { eventually } from '../../support/eventually';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The vfolder verbs run in-process (`main`) against a stand-in manager and storage proxy: tables
 * and --json, the progress display, Ctrl-C then the same command again, one-line failures.
 */
describe('tessera vfolder verbs (stand-in manager and storage proxy)', function () {
  this.timeout(20_000);
  let proxy: FakeStorageProxy;
  let manager: ManagerStandIn;
  let endpoint: string;
  let work: string;
  let content: Buffer;
  let lastToken = '';

  const answer = (request: RecordedRequest): StandInAnswer => {
    const path = request.path.split('?')[0];
    const body = request.json as { path: string; size?: number };
    switch (`${request.method} ${path}`) {
      case 'GET /folders':
        return {
          status: 200,
          body: [
            {
              name: 'data',
              id: 'a1',
              host: 'local:volume1',
              usage_mode: 'general',
              permission: 'wd',
              ownership_type: 'user',
              status: 'ready',
              created_at: '2026-12-04 10:00:00+00',
              is_owner: true,
              user: 'u',
              group: null,
            },
          ],
        };
      case 'POST /folders/data/request-upload':
        lastToken = proxy.issueUpload(body.size!);
        return { status: 200, body: { token: lastToken, url: `${proxy.url}/upload` } };
      case 'POST /folders/data/request-download':
        return { status: 200, body: { token: proxy.issueDownload(content), url: `${proxy.url}/download` } };
      case 'GET /folders/data/files':
        return {
          status: 200,
          body: {
            items: [
              {
                name: 'blob.bin',
                type: 'FILE',
                size: content.length,
                mode: '644',
                created: 'c',
                modified: 'm',
              },
            ],
          },
        };
      case 'POST /folders/data/mkdir':
        return { status: 201, body: {} };
      default:
        return {
          status: 404,
          contentType: 'application/problem+json',
          body: { type: 'https://api.backend.ai/probs/vfolder-not-found', title: 'Virtual folder not found' },
        };
    }
  };

  const io = (extra: NodeJS.ProcessEnv = {}) =>
    capturedIo({
      cwd: work,
      env: {
        BACKEND_ENDPOINT: endpoint,
        BACKEND_ACCESS_KEY: 'AKIAIOSFODNN7EXAMPLE',
        BACKEND_SECRET_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        TESSERA_CONFIG_DIR: join(work, 'config'),
        ...extra,
      },
    });

  beforeEach(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-vfolder-'));
    proxy = new FakeStorageProxy();
    await proxy.start();
    manager = new ManagerStandIn(answer);
    endpoint = await manager.start();
    content = randomBytes(4 * 1024 * 1024);
    writeFileSync(join(work, 'blob.bin'), content);
  });
  afterEach(async () => {
    await manager.stop();
    await proxy.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("list: a table for people, the manager's list for scripts", async () => {
    const people = io();
    expect(await main(['vfolder', 'list'], people)).to.equal(0);
    const [header, row] = people
      .out()
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    expect(header).to.deep.equal([
      'NAME',
      'ID',
      'HOST',
      'USAGE MODE',
      'PERMISSION',
      'OWNERSHIP',
      'STATUS',
      'CREATED',
    ]);
    expect(row).to.deep.equal([
      'data',
      'a1',
      'local:volume1',
      'general',
      'wd',
      'user',
      'ready',
      '2026-12-04 10:00:00+00',
    ]);
    const scripts = io();
    expect(await main(['vfolder', 'list', '--json'], scripts)).to.equal(0);
    expect(JSON.parse(scripts.out())[0]).to.include({ name: 'data', host: 'local:volume1' });
  });

  it('upload: a bar with bytes, percent, speed and ETA; Ctrl-C exits 130; the same command resumes', async () => {
    const first = io();
    proxy.stallUploadsAt = 1024 * 1024;
    const run = main(
      ['vfolder', 'upload', 'data', 'blob.bin', '--progress', 'bar', '--chunk-size', '256k'],
      first,
    );
    await eventually(
      () => (proxy.uploads.get(lastToken)?.offset ?? 0) >= 1024 * 1024,
      'the proxy holds 1 MiB',
    );
    first.interrupt();
    proxy.stallUploadsAt = null;
    expect(await run).to.equal(130);
    expect(first.err()).to.match(
      /\[#*\.*\] +\d+% {2}[\d.]+ (B|KiB|MiB)\/4\.0 MiB {2}(-|[\d.]+ \S+\/s) {2}ETA \S+ {2}blob\.bin/,
    );
    expect(first.err()).to.include('tessera: the upload was interrupted; the same call again resumes it\n');
    expect(readdirSync(join(work, 'config', 'transfers'))).to.have.length(1);

    const second = io();
    expect(await main(['vfolder', 'upload', 'data', 'blob.bin', '--no-progress'], second)).to.equal(0);
    expect(second.err()).to.equal('');
    expect(second.out()).to.match(
      /^uploaded blob\.bin to data:blob\.bin \(4\.0 MiB in 0:\d\d, .*, resumed at [\d.]+ (KiB|MiB)\)\n$/,
    );
    expect(sha256(proxy.received(lastToken))).to.equal(sha256(content));
    expect(manager.requests.filter((request) => request.path.endsWith('/request-upload'))).to.have.length(1);
    expect(readdirSync(join(work, 'config', 'transfers'))).to.deep.equal([]);
  });

  it('upload --json prints what went where, without progress', async () => {
    const scripts = io();
    expect(await main(['vfolder', 'upload', 'data', 'blob.bin', '-d', 'in', '--json'], scripts)).to.equal(0);
    expect(scripts.err()).to.equal('');
    const [result] = JSON.parse(scripts.out()) as Array<Record<string, unknown>>;
    expect(result).to.include({
      local_path: join(work, 'blob.bin'),
      remote_path: 'in/blob.bin',
      size: content.length,
      resumed_from: 0,
    });
    expect(manager.requests.find((request) => request.path === '/folders/data/mkdir')!.json).to.deep.equal({
      path: 'in',
      parents: true,
      exist_ok: true,
    });
  });

  it('download: writes the file (lines of progress when not a terminal) and refuses to overwrite', async () => {
    const people = io();
    expect(await main(['vfolder', 'download', 'data', 'blob.bin', '-o', 'copy.bin'], people)).to.equal(0);
    expect(sha256(readFileSync(join(work, 'copy.bin')))).to.equal(sha256(content));
    expect(people.out()).to.match(/^downloaded data:blob\.bin to copy\.bin \(4\.0 MiB in 0:\d\d, /);
    const again = io();
    expect(await main(['vfolder', 'download', 'data', 'blob.bin', '-o', 'copy.bin'], again)).to.equal(1);
    expect(again.err()).to.match(/^tessera: .*copy\.bin already exists/);
  });

  it('bad input fails before any request, naming the option', async () => {
    const badSize = io();
    expect(await main(['vfolder', 'upload', 'data', 'blob.bin', '--chunk-size', 'huge'], badSize)).to.equal(
      1,
    );
    expect(badSize.err()).to.include(
      "option '--chunk-size <size>' argument 'huge' is invalid. expected a size in bytes",
    );
    const badMode = io();
    expect(await main(['vfolder', 'download', 'data', 'x', '--progress', 'fancy'], badMode)).to.equal(1);
    expect(badMode.err()).to.include('expected one of auto, bar, lines, none, got "fancy"');
    const badMap = io({ BACKEND_OVERRIDE_STORAGE_PROXY: 'nonsense' });
    expect(await main(['vfolder', 'upload', 'data', 'blob.bin'], badMap)).to.equal(1);
    expect(badMap.err()).to.include(
      'BACKEND_OVERRIDE_STORAGE_PROXY must be a comma-separated list of FROM=TO addresses',
    );
    const noFile = io();
    expect(await main(['vfolder', 'upload', 'data', 'missing.bin'], noFile)).to.equal(2);
    expect(noFile.err()).to.equal('tessera: missing.bin: no such file\n');
    const purge = io();
    expect(await main(['vfolder', 'purge', 'data'], purge)).to.equal(2);
    expect(purge.err()).to.include('add --yes to confirm');
    expect(manager.requests).to.deep.equal([]);
  });

  it('a refusal from the manager is one line with its problem type', async () => {
    const failed = io();
    expect(await main(['vfolder', 'info', 'nope'], failed)).to.equal(1);
    expect(failed.err()).to.equal('tessera: Virtual folder not found (HTTP 404) [vfolder-not-found]\n');
  });
});
