import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USER_API_FEATURES } from '../client/support/user-api-features';
import { ALICE, SUPERADMIN, bootGraphQLManager, type Caller } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { runCli, type CliResult } from '../../unit/cli/support/run-built-cli';

/**
 * `tessera login` and `tessera admin ...` (the built command, as child processes) against a booted
 * manager with @tessera/manager-identity: every verb's effect is read back through another verb, and
 * refusals are checked from the refused side (nothing changed).
 */
describe('tessera login / admin verbs against a booted manager', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let work: string;
  const env = (caller?: Caller): NodeJS.ProcessEnv => ({
    BACKEND_ENDPOINT: deployment.endpoint,
    TESSERA_CONFIG_DIR: join(work, 'config'),
    ...(caller ? { BACKEND_ACCESS_KEY: caller.accessKey, BACKEND_SECRET_KEY: caller.secretKey } : {}),
  });
  const cli = (args: string[], caller?: Caller, stdin = ''): Promise<CliResult> =>
    runCli(args, { env: env(caller), cwd: work, stdin });
  /** `caller` null: no keypair in the environment (what `tessera login` saved signs). */
  const ok = async (args: string[], caller: Caller | null = SUPERADMIN, stdin = ''): Promise<CliResult> => {
    const result = await cli(args, caller ?? undefined, stdin);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(0);
    return result;
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tessera-cli-admin-'));
    deployment = await bootGraphQLManager({
      features: [...USER_API_FEATURES, { package: '@tessera/manager-identity' }],
    });
  });
  after(async () => {
    await deployment?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a user added by the superadmin logs in, and the saved keypair (0600) signs later verbs; logout forgets it', async () => {
    const added = await ok(
      ['admin', 'users', 'add', 'carol@example.com', '-d', 'default', '-r', 'user', '--json'],
      SUPERADMIN,
      'carol-pass-1\n',
    );
    const created = JSON.parse(added.stdout) as { keypair: { access_key: string; secret_key: string } };
    expect(created.keypair.access_key).to.match(/^AK/);

    const login = await ok(['login', '-e', 'carol@example.com'], null, 'carol-pass-1\n');
    expect(login.stdout).to.include(`access key ${created.keypair.access_key}`);
    expect(login.stdout + login.stderr).to.not.include(created.keypair.secret_key);
    expect(statSync(join(work, 'config', 'credentials.json')).mode & 0o777).to.equal(0o600);

    const me = await ok(['admin', 'users', 'info', '--json'], null);
    expect(JSON.parse(me.stdout)).to.include({ email: 'carol@example.com', role: 'user' });

    await ok(['logout'], null);
    const anonymous = await cli(['admin', 'users', 'info'], undefined);
    expect(anonymous.code).to.equal(1);
    expect(anonymous.stderr).to.include('BACKEND_ACCESS_KEY');
  });

  it('a wrong password is refused and nothing is saved', async () => {
    const refused = await cli(['login', '-e', 'carol@example.com'], undefined, 'not-the-password\n');
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/^tessera: authentication failed/);
    const after = await cli(['admin', 'users', 'info'], undefined);
    expect(after.code).to.equal(1);
  });

  it('users list shows a table and --json; an ordinary user cannot list everybody or create users', async () => {
    const table = await ok(['admin', 'users', 'list', '-d', 'default', '--limit', '100']);
    expect(table.stdout.split('\n')[0]).to.match(/^EMAIL\s+USERNAME\s+ROLE\s+STATUS/);
    const json = JSON.parse((await ok(['admin', 'users', 'list', '--json', '--limit', '100'])).stdout) as {
      total_count: number;
      items: Array<{ email: string }>;
    };
    expect(json.items.map((item) => item.email)).to.include('carol@example.com');
    const ordered = JSON.parse(
      (await ok(['admin', 'users', 'list', '--json', '--order', '-email', '--search', 'example.com'])).stdout,
    ) as typeof json;
    const emails = ordered.items.map((item) => item.email);
    expect(emails).to.include('carol@example.com');
    expect(emails).to.deep.equal([...emails].sort().reverse());
    const badOrder = await cli(['admin', 'users', 'list', '--order', '-password'], SUPERADMIN);
    expect(badOrder.code).to.equal(1);
    expect(badOrder.stderr).to.contain('order').and.to.contain('created_at');

    const refused = await cli(
      ['admin', 'users', 'add', 'mallory@example.com', '-d', 'default'],
      ALICE,
      'pw\n',
    );
    expect(refused.code).to.equal(1);
    const after = JSON.parse(
      (await ok(['admin', 'users', 'list', '--json', '--limit', '100'])).stdout,
    ) as typeof json;
    expect(after.items.map((item) => item.email)).to.not.include('mallory@example.com');
  });

  it('domains, projects with members, keypairs and the three kinds of policy: add, update, info, delete', async () => {
    await ok(['admin', 'domains', 'add', 'cli-domain', '--description', 'from the CLI']);
    await ok([
      ...['admin', 'domains', 'update', 'cli-domain', '--description', 'changed'],
      ...['--allowed-vfolder-hosts', 'local:volume1,local:volume2'],
    ]);
    const domain = JSON.parse((await ok(['admin', 'domains', 'info', 'cli-domain', '--json'])).stdout);
    expect(domain).to.include({ description: 'changed' });
    expect(domain.allowed_vfolder_hosts).to.deep.equal(['local:volume1', 'local:volume2']);

    await ok(['admin', 'projects', 'add', 'default', 'cli-project']);
    const updateProject = ['admin', 'projects', 'update', 'cli-project', '-d', 'default'];
    await ok([...updateProject, '--add-users', 'carol@example.com']);
    const members = JSON.parse(
      (await ok(['admin', 'users', 'info', 'carol@example.com', '--json'])).stdout,
    ) as { groups: Array<{ name: string }> };
    expect(members.groups.map((group) => group.name)).to.include('cli-project');
    await ok([...updateProject, '--remove-users', 'carol@example.com']);

    const keypair = JSON.parse(
      (await ok(['admin', 'keypairs', 'add', 'carol@example.com', '--json'])).stdout,
    ) as {
      keypair: { access_key: string };
    };
    await ok(['admin', 'keypairs', 'update', keypair.keypair.access_key, '--active', 'false']);
    expect(
      JSON.parse((await ok(['admin', 'keypairs', 'info', keypair.keypair.access_key, '--json'])).stdout),
    ).to.include({
      is_active: false,
    });
    await ok(['admin', 'keypairs', 'delete', keypair.keypair.access_key]);

    await ok(['admin', 'keypair-resource-policies', 'add', 'cli-small', '--max-concurrent-sessions', '2']);
    expect(
      JSON.parse((await ok(['admin', 'keypair-resource-policies', 'info', 'cli-small', '--json'])).stdout),
    ).to.include({ max_concurrent_sessions: 2 });
    await ok(['admin', 'keypair-resource-policies', 'delete', 'cli-small']);
    await ok(['admin', 'user-resource-policies', 'add', 'cli-user-policy', '--max-vfolder-count', '3']);
    await ok(['admin', 'user-resource-policies', 'delete', 'cli-user-policy']);
    await ok(['admin', 'project-resource-policies', 'add', 'cli-project-policy', '--max-vfolder-count', '3']);
    await ok(['admin', 'project-resource-policies', 'delete', 'cli-project-policy']);

    await ok(['admin', 'projects', 'purge', 'cli-project', '-d', 'default', '--yes']);
    await ok(['admin', 'domains', 'purge', 'cli-domain', '--yes']);
    const gone = await cli(['admin', 'domains', 'info', 'cli-domain'], SUPERADMIN);
    expect(gone.code).to.equal(1);
  });

  it("keypairs rotate: a new keypair takes over the main mark, the old one is retired; a user may not rotate another's", async () => {
    const added = JSON.parse(
      (
        await ok(
          ['admin', 'users', 'add', 'dave@example.com', '-d', 'default', '-r', 'user', '--json'],
          SUPERADMIN,
          'dave-pass-1\n',
        )
      ).stdout,
    ) as { keypair: { access_key: string; secret_key: string } };
    const old: Caller = { accessKey: added.keypair.access_key, secretKey: added.keypair.secret_key };
    await ok(['admin', 'keypairs', 'update', old.accessKey, '--rate-limit', '777']);
    const keypairsOf = async () =>
      (
        JSON.parse((await ok(['admin', 'keypairs', 'list', '-e', 'dave@example.com', '--json'])).stdout) as {
          items: Array<{ access_key: string; is_active: boolean; is_main: boolean; rate_limit: number }>;
        }
      ).items;

    // Refused: Alice may not read (nor replace) Dave's keypair; nothing is created.
    const refused = await cli(['admin', 'keypairs', 'rotate', old.accessKey], ALICE);
    expect(refused.code).to.equal(1);
    expect(await keypairsOf()).to.have.length(1);

    const rotated = JSON.parse(
      (await ok(['admin', 'keypairs', 'rotate', old.accessKey, '--json'])).stdout,
    ) as {
      user_id: string;
      access_key: string;
      secret_key: string;
      is_main: boolean;
      old: string;
    };
    expect(rotated).to.include({ user_id: 'dave@example.com', is_main: true, old: 'deactivated' });
    const after = await keypairsOf();
    expect(after.find((k) => k.access_key === old.accessKey)).to.include({
      is_active: false,
      is_main: false,
    });
    expect(after.find((k) => k.access_key === rotated.access_key)).to.include({
      is_active: true,
      is_main: true,
      rate_limit: 777,
    });
    // The new keypair signs; the old one no longer does.
    const fresh: Caller = { accessKey: rotated.access_key, secretKey: rotated.secret_key };
    expect(JSON.parse((await ok(['admin', 'users', 'info', '--json'], fresh)).stdout)).to.include({
      email: 'dave@example.com',
    });
    expect((await cli(['admin', 'users', 'info'], old)).code).to.equal(1);

    // The main mark only moves to the user's own active keypairs.
    const notOwn = await cli(
      ['admin', 'users', 'update', 'dave@example.com', '--main-access-key', ALICE.accessKey],
      SUPERADMIN,
    );
    expect(notOwn.code).to.equal(1);
    expect(notOwn.stderr).to.include(`keypair "${ALICE.accessKey}" of user "dave@example.com"`);
    const inactive = await cli(
      ['admin', 'users', 'update', 'dave@example.com', '--main-access-key', old.accessKey],
      SUPERADMIN,
    );
    expect(inactive.code).to.equal(1);
    expect(inactive.stderr).to.include('is inactive');
    expect((await keypairsOf()).find((k) => k.is_main)?.access_key).to.equal(rotated.access_key);
  });
});
