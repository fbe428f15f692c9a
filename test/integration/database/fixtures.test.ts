import { compare } from 'bcryptjs';
import { expect } from 'chai';
import { TesseraError } from '@tessera/core';
import { describeOnDrivers, exampleFixture, type InspectableDatabase } from './support/database-drivers';

const ALL_TABLES_OF_THE_EXAMPLE = {
  domains: 1,
  user_resource_policies: 1,
  project_resource_policies: 1,
  keypair_resource_policies: 2,
  resource_groups: 2,
  groups: 2,
  users: 3,
  association_groups_users: 3,
  keypairs: 2,
  resource_groups_for_domains: 1,
  resource_groups_for_groups: 2,
  resource_groups_for_keypairs: 1,
  resource_presets: 4,
};

function counts(inserted: boolean): Record<string, { inserted: number; existing: number }> {
  return Object.fromEntries(
    Object.entries(ALL_TABLES_OF_THE_EXAMPLE).map(([table, n]) => [
      table,
      { inserted: inserted ? n : 0, existing: inserted ? 0 : n },
    ]),
  );
}

async function failure(promise: Promise<unknown>): Promise<TesseraError> {
  const error = await promise.then(
    () => expect.fail('the fixture was accepted'),
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(TesseraError);
  return error as TesseraError;
}

describeOnDrivers('database: fixtures', (harness) => {
  let db: InspectableDatabase;

  beforeEach(async () => {
    db = await harness.openInspectable();
  });
  afterEach(() => db.database.close());

  async function count(table: string): Promise<number> {
    const [row] = await db.query<{ n: number | string }>(`select count(*) as n from ${table}`);
    return Number(row!.n);
  }

  it("creates the reference docs' example keypair only in the embedded sqlite database", async function () {
    const withExample = JSON.parse(
      JSON.stringify(exampleFixture()).replaceAll('AKIATESSERAFIXTURE01', 'AKIAIOSFODNN7EXAMPLE'),
    ) as unknown;
    if (harness.driver === 'sqlite') {
      await db.database.fixtures.populate(withExample);
      expect(await db.database.keypairs.findByAccessKey('AKIAIOSFODNN7EXAMPLE')).to.not.equal(null);
    } else {
      const error = await failure(db.database.fixtures.populate(withExample));
      expect(error.code).to.equal('fixture-invalid');
      expect(error.message).to.include('/keypairs/0/access_key').and.to.include('public example keypair');
      expect(await count('keypairs')).to.equal(0);
    }
  });

  it('loads the example fixture, reporting every row it inserted', async function () {
    this.timeout(20000);
    expect(await db.database.fixtures.populate(exampleFixture())).to.deep.equal(counts(true));
    for (const [table, n] of Object.entries(ALL_TABLES_OF_THE_EXAMPLE))
      expect(await count(table), table).to.equal(n);

    const users = await db.query<{
      email: string;
      role: string;
      password_hash: string;
      main_access_key: string;
    }>('select email, role, password_hash, main_access_key from users order by email');
    expect(users.map((u) => [u.email, u.role, u.main_access_key])).to.deep.equal([
      ['admin@lablup.com', 'superadmin', 'AKIATESSERAFIXTURE01'],
      ['monitor@lablup.com', 'monitor', null],
      ['user@lablup.com', 'user', 'AKIAEXAMPLEUSERKEY01'],
    ]);
    // Clear-text passwords are stored as bcrypt hashes; a given hash is kept as it is.
    expect(users[0]!.password_hash).to.match(/^\$2[aby]\$12\$/);
    expect(await compare('wJalrXUt', users[0]!.password_hash)).to.equal(true);
    expect(await compare('monitor-password', users[1]!.password_hash)).to.equal(true);
  });

  it('stores slot amounts as exact decimal strings and sizes in bytes', async function () {
    this.timeout(20000);
    await db.database.fixtures.populate(exampleFixture());
    const [policy] = await db.query<{
      total_resource_slots: unknown;
      max_pending_session_resource_slots: unknown;
    }>(
      `select total_resource_slots, max_pending_session_resource_slots from keypair_resource_policies where name = 'gpu-limited'`,
    );
    const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    expect(json(policy!.total_resource_slots)).to.deep.equal({
      cpu: '8',
      mem: '34359738368',
      'cuda.shares': '2.5',
    });
    expect(json(policy!.max_pending_session_resource_slots)).to.deep.equal({ cpu: '16', mem: '68719476736' });
    const presets = await db.query<{
      name: string;
      shared_memory: number | string;
      resource_group_name: string;
    }>('select name, shared_memory, resource_group_name from resource_presets order by name');
    expect(presets.map((p) => [p.name, Number(p.shared_memory), p.resource_group_name])).to.deep.equal([
      ['01-small', 1073741824, null],
      ['02-medium', 2147483648, null],
      ['03-large', 8589934592, null],
      ['gpu-half', 4294967296, 'gpu'],
    ]);
  });

  it('is idempotent: a second load inserts nothing and keeps what changed in between', async function () {
    this.timeout(20000);
    await db.database.fixtures.populate(exampleFixture());
    await db.database.keypairs.touchLastUsed('AKIATESSERAFIXTURE01', new Date('2030-01-01T00:00:00Z'));
    expect(await db.database.fixtures.populate(exampleFixture())).to.deep.equal(counts(false));
    for (const [table, n] of Object.entries(ALL_TABLES_OF_THE_EXAMPLE))
      expect(await count(table), table).to.equal(n);
    const [keypair] = await db.query<{ last_used: unknown }>(
      `select last_used from keypairs where access_key = 'AKIATESSERAFIXTURE01'`,
    );
    expect(new Date(keypair!.last_used as string).toISOString()).to.equal('2030-01-01T00:00:00.000Z');
  });

  it('refuses a file whose row names something missing, naming the path, and writes nothing', async () => {
    const error = await failure(
      db.database.fixtures.populate({
        domains: [{ name: 'acme' }],
        users: [{ email: 'ops@acme.test', domain_name: 'acme' }],
        keypairs: [
          {
            access_key: 'AKIAACMEOPS000000001',
            secret_key: 'not-a-real-secret-key',
            user_id: 'ops@acme.test',
            resource_policy: 'nope',
          },
        ],
      }),
    );
    expect(error.code).to.equal('fixture-invalid');
    expect(error.message).to.equal(
      '/keypairs/0/resource_policy: names keypair resource policy "nope", which is neither in the file nor in the database',
    );
    expect(await count('domains')).to.equal(0);
    expect(await count('users')).to.equal(0);
  });

  it('refuses a row that clashes with a unique key of another, naming the row, and writes nothing', async () => {
    const error = await failure(
      db.database.fixtures.populate({
        domains: [{ name: 'acme' }],
        users: [
          { email: 'a@acme.test', username: 'same', domain_name: 'acme' },
          { email: 'b@acme.test', username: 'same', domain_name: 'acme' },
        ],
      }),
    );
    expect(error.code).to.equal('fixture-invalid');
    expect(error.message).to.match(/^\/users\/1: clashes with an existing row/);
    expect(await count('domains')).to.equal(0);
  });

  it('refuses a main access key that belongs to someone else', async () => {
    const error = await failure(
      db.database.fixtures.populate({
        domains: [{ name: 'acme' }],
        keypair_resource_policies: [{ name: 'p' }],
        users: [
          { email: 'a@acme.test', domain_name: 'acme', main_access_key: 'AKIAACMEBBBBBBBBBBBB' },
          { email: 'b@acme.test', domain_name: 'acme' },
        ],
        keypairs: [
          {
            access_key: 'AKIAACMEBBBBBBBBBBBB',
            secret_key: 'secret-of-b-0001',
            user_id: 'b@acme.test',
            resource_policy: 'p',
          },
        ],
      }),
    );
    expect(error.message).to.equal(
      '/users/0/main_access_key: names keypair AKIAACMEBBBBBBBBBBBB, which belongs to another user',
    );
    expect(await count('users')).to.equal(0);
  });

  it('keeps preset names apart per resource group, and global ones apart from them', async () => {
    const document = {
      resource_groups: [{ name: 'gpu' }],
      resource_presets: [
        { name: 'small', resource_slots: { cpu: 1 } },
        { name: 'small', resource_slots: { cpu: 2 }, resource_group: 'gpu' },
      ],
    };
    expect((await db.database.fixtures.populate(document)).resource_presets).to.deep.equal({
      inserted: 2,
      existing: 0,
    });
    expect((await db.database.fixtures.populate(document)).resource_presets).to.deep.equal({
      inserted: 0,
      existing: 2,
    });
  });
});
