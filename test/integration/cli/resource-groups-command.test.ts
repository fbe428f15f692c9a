import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALICE,
  bootGraphQLManager,
  DEFAULT_PROJECT_ID,
  DOMAIN_ADMIN,
  SUPERADMIN,
  type Caller,
} from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { runCli, type CliResult } from '../../unit/cli/support/run-built-cli';

/**
 * `tessera admin resource-groups ...` (the built command, as child processes) against a booted
 * manager with @tessera/manager-resources: each verb's effect is read back through the database or
 * another verb; refusals are checked from the refused side (nothing changed).
 */
describe('tessera admin resource-groups against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let work: string;
  const cli = (args: string[], caller: Caller = SUPERADMIN): Promise<CliResult> =>
    runCli(['admin', 'resource-groups', ...args], {
      env: {
        BACKEND_ENDPOINT: deployment.endpoint,
        TESSERA_CONFIG_DIR: join(work, 'config'),
        BACKEND_ACCESS_KEY: caller.accessKey,
        BACKEND_SECRET_KEY: caller.secretKey,
      },
      cwd: work,
    });
  const ok = async (args: string[]): Promise<CliResult> => {
    const result = await cli(args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };
  const groups = () => deployment.db.resourceGroups;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-rg-'));
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-resources' }] });
  });
  after(async () => {
    await deployment?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('add, list (table and --json), info, update and delete', async () => {
    const added = await ok([
      'add',
      'cli-rg',
      '--description',
      'from the CLI',
      '--scheduler-opts',
      '{"pending_timeout": 30, "allowed_session_types": ["batch"]}',
      '--wsproxy-addr',
      'http://wsproxy.test:5050',
    ]);
    expect(added.stdout).to.equal('created resource group cli-rg\n');
    expect(await groups().get('cli-rg')).to.deep.equal({
      name: 'cli-rg',
      isActive: true,
      scheduler: 'fifo',
      schedulerOpts: { pending_timeout: 30, allowed_session_types: ['batch'] },
    });

    const table = (await ok(['list'])).stdout.split('\n');
    expect(table[0]).to.match(/^NAME\s+ACTIVE\s+PUBLIC\s+SCHEDULER\s+DRIVER\s+DESCRIPTION/);
    expect(table.find((line) => line.startsWith('cli-rg '))).to.match(
      /cli-rg\s+true\s+true\s+fifo\s+static\s+from the CLI/,
    );
    const listed = JSON.parse((await ok(['list', '--json'])).stdout) as Array<{
      name: string;
      scheduler_opts: unknown;
    }>;
    expect(listed.map((group) => group.name)).to.include.members(['default', 'cli-rg']);
    expect(listed.find((group) => group.name === 'cli-rg')!.scheduler_opts).to.deep.equal({
      pending_timeout: 30,
      allowed_session_types: ['batch'],
    });

    const info = (await ok(['info', 'cli-rg'])).stdout;
    expect(info).to.match(/SCHEDULER OPTIONS\s+\{"pending_timeout":30,"allowed_session_types":\["batch"\]\}/);
    expect(info).to.match(/WSPROXY ADDRESS\s+http:\/\/wsproxy\.test:5050/);

    await ok(['update', 'cli-rg', '--active', 'false', '--scheduler-opts', '{"pending_timeout": 5}']);
    expect(JSON.parse((await ok(['info', 'cli-rg', '--json'])).stdout)).to.deep.include({
      is_active: false,
      description: 'from the CLI',
      scheduler_opts: { pending_timeout: 5 },
    });
    expect(JSON.parse((await ok(['list', '--active', 'false', '--json'])).stdout)).to.deep.equal([
      JSON.parse((await ok(['info', 'cli-rg', '--json'])).stdout),
    ]);

    expect((await ok(['delete', 'cli-rg'])).stdout).to.equal('deleted resource group cli-rg\n');
    expect(await groups().get('cli-rg')).to.equal(null);
    const missing = await cli(['info', 'cli-rg']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('resource group "cli-rg" not found');
  });

  it('associate and disassociate with --domain, --project and --keypair; list by each; --all', async () => {
    await ok(['add', 'cli-assoc']);
    await ok(['associate', 'cli-assoc', '--domain', 'lab']);
    await ok(['associate', 'cli-assoc', '--project', DEFAULT_PROJECT_ID]);
    const associated = await ok(['associate', 'cli-assoc', '--keypair', ALICE.accessKey, '--json']);
    expect(JSON.parse(associated.stdout)).to.deep.equal({ ok: true, msg: 'success' });
    const namesBy = async (flag: string, value: string) =>
      (JSON.parse((await ok(['list', flag, value, '--json'])).stdout) as Array<{ name: string }>).map(
        (g) => g.name,
      );
    expect(await namesBy('--domain', 'lab')).to.deep.equal(['cli-assoc']);
    expect(await namesBy('--project', DEFAULT_PROJECT_ID)).to.include('cli-assoc');
    expect(await namesBy('--keypair', ALICE.accessKey)).to.deep.equal(['cli-assoc']);

    const twice = await cli(['associate', 'cli-assoc', '--domain', 'lab']);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.contain('already exists');

    expect((await ok(['disassociate', 'cli-assoc', '--keypair', ALICE.accessKey])).stdout).to.equal(
      `disassociated resource group cli-assoc from keypair ${ALICE.accessKey}\n`,
    );
    expect(await namesBy('--keypair', ALICE.accessKey)).to.deep.equal([]);
    await ok(['disassociate', '--all', '--domain', 'lab']);
    expect(await namesBy('--domain', 'lab')).to.deep.equal([]);
    await ok(['disassociate', '--all', '--project', DEFAULT_PROJECT_ID]);
    expect(await namesBy('--project', DEFAULT_PROJECT_ID)).to.deep.equal([]);
  });

  it('refuses bad usage and bad input with a message naming it, changing nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['associate', 'default'], 'exactly one of --domain, --project or --keypair'],
      [['associate', 'default', '--domain', 'lab', '--keypair', ALICE.accessKey], 'exactly one of'],
      [['associate', 'default', '--project', 'research'], '--project expects a project UUID'],
      [['disassociate', '--domain', 'lab'], 'give the group name, or --all'],
      [['disassociate', '--all', '--keypair', ALICE.accessKey], '--all takes --domain or --project'],
      [['update', 'default'], 'nothing to change'],
      [['add', 'cli-bad', '--scheduler', 'nosuch'], 'props.scheduler'],
      [['add', 'cli-bad', '--scheduler-opts', '{"pending": 1}'], 'props.scheduler_opts.pending'],
      [['associate', 'default', '--domain', 'nodomain'], 'domain "nodomain" not found'],
      [['delete', 'default'], 'still has 1 agent'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).to.not.equal(0);
      expect(result.stderr, args.join(' ')).to.contain(message);
    }
    expect(await groups().get('cli-bad')).to.equal(null);
    expect(await groups().get('default')).to.not.equal(null);
  });

  it('refuses a domain admin and an ordinary user, leaving the groups as they were', async () => {
    const before = await groups().describe('default');
    for (const caller of [DOMAIN_ADMIN, ALICE]) {
      for (const args of [
        ['add', 'cli-refused'],
        ['update', 'default', '--active', 'false'],
        ['associate', 'default', '--domain', 'lab'],
        ['delete', 'default'],
        ['list'],
      ]) {
        const result = await cli(args, caller);
        expect(result.code, args.join(' ')).to.equal(1);
        expect(result.stderr, args.join(' ')).to.match(
          /GraphQL error: An? (admin|user) may not .* \(action resource-group\.[a-z]+\)/,
        );
        expect(result.stdout).to.equal('');
      }
    }
    expect(await groups().get('cli-refused')).to.equal(null);
    expect(await groups().describe('default')).to.deep.equal(before);
    expect((await groups().list({ domain: 'lab' })).map((g) => g.name)).to.not.include('default');
  });
});
