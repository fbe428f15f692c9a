import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ConfigStore } from '@tessera/core';
import { runCli, type CliResult } from '../../unit/cli/support/run-built-cli';
import {
  ALICE,
  bootImagesManager,
  SUPERADMIN,
  type Caller,
  type ManagerDeployment,
} from './support/registry-harness';

const SECRET = 'cli-registry-pass-Wm3';

/**
 * `tessera admin registries list|info|add|update|delete` (the built command, as child processes)
 * against a booted manager: tables for people, --json for scripts, the password never printed, and
 * the refused side (exit 1, nothing written).
 */
describe('tessera admin registries against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let store: ConfigStore;
  let work: string;
  const cli = (args: string[], caller: Caller = SUPERADMIN, stdin = ''): Promise<CliResult> =>
    runCli(args, {
      env: {
        BACKEND_ENDPOINT: deployment.endpoint,
        TESSERA_CONFIG_DIR: join(work, 'config'),
        BACKEND_ACCESS_KEY: caller.accessKey,
        BACKEND_SECRET_KEY: caller.secretKey,
      },
      cwd: work,
      stdin,
    });
  const ok = async (args: string[], stdin = ''): Promise<CliResult> => {
    const result = await cli(args, SUPERADMIN, stdin);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-registries-'));
    deployment = await bootImagesManager();
    store = deployment.test.kernel.resolve<ConfigStore>('config-store');
  });
  after(async () => {
    await deployment?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('adds, lists, shows, updates and deletes a registry', async () => {
    const added = await ok(
      [
        'admin',
        'registries',
        'add',
        'cr.example.com',
        '--url',
        'https://cr.example.com',
        '--type',
        'harbor2',
        '--project',
        'stable,community',
        '--username',
        'robot',
        '--password-stdin',
      ],
      `${SECRET}\n`,
    );
    expect(added.stdout).to.equal('added container registry cr.example.com\n');
    expect(await store.get('config/docker/registry/cr.example.com/password')).to.equal(SECRET);

    const table = (await ok(['admin', 'registries', 'list'])).stdout;
    expect(table).to.match(/^HOSTNAME\s+URL\s+TYPE\s+PROJECT\s+USERNAME\s+PASSWORD\s+SSL VERIFY/);
    expect(table).to.match(
      /cr\.example\.com\s+https:\/\/cr\.example\.com\s+harbor2\s+stable,community\s+robot\s+\*\*\*\*\*\s+true/,
    );
    expect(table).not.to.include(SECRET);

    const listed = JSON.parse((await ok(['admin', 'registries', 'list', '--json'])).stdout) as unknown[];
    expect(listed).to.deep.equal([
      {
        hostname: 'cr.example.com',
        config: {
          url: 'https://cr.example.com',
          type: 'harbor2',
          project: ['stable', 'community'],
          username: 'robot',
          password: '*****',
          ssl_verify: true,
        },
      },
    ]);
    expect((await ok(['admin', 'registries', 'info', 'cr.example.com'])).stdout).to.match(
      /PASSWORD\s+\*\*\*\*\*/,
    );

    const updated = await ok([
      'admin',
      'registries',
      'update',
      'cr.example.com',
      '--ssl-verify',
      'false',
      '--password',
      '',
      '--json',
    ]);
    expect(JSON.parse(updated.stdout)).to.deep.include({ hostname: 'cr.example.com' });
    expect(JSON.parse(updated.stdout).config).to.deep.include({ password: null, ssl_verify: false });

    expect((await ok(['admin', 'registries', 'delete', 'cr.example.com'])).stdout).to.equal(
      'deleted container registry cr.example.com\n',
    );
    expect(await store.list('config/docker/registry/')).to.deep.equal([]);
    const missing = await cli(['admin', 'registries', 'info', 'cr.example.com']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('container registry "cr.example.com" not found');
  });

  it('refuses bad input before or at the manager, naming what is wrong', async () => {
    const badType = await cli([
      'admin',
      'registries',
      'add',
      'x.example.com',
      '--url',
      'https://x.example.com',
      '--type',
      'quay',
    ]);
    expect(badType.code).to.equal(1);
    expect(badType.stderr).to.include('expected one of docker, harbor, harbor2, local');
    const noUrl = await cli(['admin', 'registries', 'add', 'x.example.com', '--type', 'docker']);
    expect(noUrl.code).to.equal(2);
    expect(noUrl.stderr).to.include('--url and --type are required');
    const badUrl = await cli([
      'admin',
      'registries',
      'add',
      'x.example.com',
      '--url',
      'x.example.com',
      '--type',
      'docker',
    ]);
    expect(badUrl.code).to.equal(1);
    expect(badUrl.stderr).to.include('props.url');
    expect(await store.list('config/docker/registry/')).to.deep.equal([]);
  });

  it('refuses a user (exit 1, nothing written)', async () => {
    const refused = await cli(
      ['admin', 'registries', 'add', 'x.example.com', '--url', 'https://x.example.com', '--type', 'docker'],
      ALICE,
    );
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/a user may not/i);
    expect(await store.list('config/docker/registry/')).to.deep.equal([]);
    expect((await cli(['admin', 'registries', 'list'], ALICE)).code).to.equal(1);
  });
});
