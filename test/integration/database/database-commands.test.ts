import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { shippedMigrations } from '@tessera/database';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import { findRepoRoot } from '../../support/halfstack-addresses';
import { runCli } from '../../unit/cli/support/run-built-cli';
import { createScratchDatabase, type ScratchDatabase } from './support/postgres-scratch';

const EXAMPLE = join(findRepoRoot(), 'test', 'fixtures', 'database', 'example-fixture.json');

/** A manifest running only the database plugin against `config`; the password comes from $DB_PASSWORD. */
function manifest(config: Record<string, unknown>): string {
  const lines = Object.entries(config).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`);
  return [
    'apiVersion: tessera/v1',
    'kind: Deployment',
    'name: database-commands',
    'roles: [manager]',
    'plugins:',
    "  - package: '@tessera/database'",
    '    config:',
    '      driver: postgresql',
    '      password: ${DB_PASSWORD}',
    ...lines,
    '',
  ].join('\n');
}

function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

describe('tessera schema migrate / fixture populate (built CLI, child process, PostgreSQL)', function () {
  this.timeout(30000);
  let folder: string;
  let scratch: ScratchDatabase;
  let env: NodeJS.ProcessEnv;
  const cwd = findRepoRoot();
  const tessera = (...args: string[]) => runCli(args, { cwd, env });

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    folder = mkdtempSync(join(tmpdir(), 'tessera-db-cli-'));
    scratch = await createScratchDatabase();
    const { password, driver: _driver, ...reach } = scratch.config;
    env = { DB_PASSWORD: password };
    writeFileSync(join(folder, 'cluster.yaml'), manifest(reach));
  });
  after(async () => {
    await scratch?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('schema migrate fails with one line naming host and port when the server refuses connections', async () => {
    const port = await closedPort();
    writeFileSync(join(folder, 'nowhere.yaml'), manifest({ host: '127.0.0.1', port, database: 'tessera' }));
    const result = await tessera('schema', 'migrate', join(folder, 'nowhere.yaml'));
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).to.have.length(1);
    expect(lines[0]).to.match(/^tessera: /);
    expect(lines[0]).to.contain(`127.0.0.1:${port}`);
    expect(lines[0]).to.contain('[database-unavailable]');
  });

  it('fixture populate refuses a database that lacks migrations and says what to run', async () => {
    const result = await tessera('fixture', 'populate', EXAMPLE, '--manifest', join(folder, 'cluster.yaml'));
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('run "tessera schema migrate <manifest>" first');
  });

  it('schema migrate applies each shipped migration, then finds nothing to do', async () => {
    const first = await tessera('schema', 'migrate', join(folder, 'cluster.yaml'));
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.equal(
      [
        ...shippedMigrations().map((name) => `applied ${name}`),
        `schema is up to date (${shippedMigrations().length} applied)`,
        '',
      ].join('\n'),
    );
    const again = await tessera('schema', 'migrate', join(folder, 'cluster.yaml'));
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.equal('schema is up to date\n');
    const status = await tessera('schema', 'status', join(folder, 'cluster.yaml'));
    expect(status.stdout).to.equal('schema is up to date\n');
  });

  it('fixture populate loads the example once; a second run inserts nothing', async () => {
    const first = await tessera('fixture', 'populate', EXAMPLE, '--manifest', join(folder, 'cluster.yaml'));
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/^users\s+3 inserted, 0 already there$/m);
    expect(first.stdout).to.match(/: 25 rows inserted\n$/);
    const again = await tessera('fixture', 'populate', EXAMPLE, '--manifest', join(folder, 'cluster.yaml'));
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/^users\s+0 inserted, 3 already there$/m);
    expect(again.stdout).to.match(/: 0 rows inserted\n$/);
    const [users] = await scratch.query<{ n: string }>('select count(*) as n from users');
    expect(Number(users!.n)).to.equal(3);
  });

  it('fixture populate refuses a bad file as a whole, naming the file and the JSON path', async () => {
    const bad = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
      domains: Array<{ name: string }>;
      users: Array<Record<string, unknown>>;
    };
    bad.domains[0]!.name = 'fresh';
    for (const user of bad.users) user.domain_name = 'fresh';
    bad.users[1]!.role = 'root';
    const file = join(folder, 'bad-role.json');
    writeFileSync(file, JSON.stringify(bad));
    const result = await tessera('fixture', 'populate', file, '--manifest', join(folder, 'cluster.yaml'));
    expect(result.code).to.equal(1);
    expect(result.stderr.trimEnd().split('\n')).to.deep.equal([
      `tessera: ${file}: /users/1/role: must be one of superadmin, admin, user, monitor [fixture-invalid]`,
    ]);
    expect(await scratch.query(`select name from domains where name = 'fresh'`)).to.deep.equal([]);

    writeFileSync(file, '{"domains": [');
    const broken = await tessera('fixture', 'populate', file, '--manifest', join(folder, 'cluster.yaml'));
    expect(broken.code).to.equal(1);
    expect(broken.stderr).to.match(new RegExp(`^tessera: ${file} is not JSON: `));
  });
});
