import { expect } from 'chai';
import type { NewUser } from '@tessera/core';
import type { OrmDatabase } from '@tessera/database';
import { tesseraFailure } from '../../../support/tessera-failure';
import {
  describeOnDrivers,
  beforeEachExampleTenant,
  exampleFixture,
  openDatabase,
  type InspectableDatabase,
} from '../support/database-drivers';
import { DEFAULT_PROJECT, newSession, RESEARCH_PROJECT, USER_UUID as USER } from '../support/sample-records';

const HASH = '$2b$12$abcdefghijklmnopqrstuuFakeHashForTestsOnlyNotRealAtAll0';

function newUser(email: string, overrides: Partial<NewUser> = {}): NewUser {
  const local = email.split('@')[0]!;
  return {
    email,
    username: local,
    passwordHash: HASH,
    domainName: 'default',
    mainKeypair: {
      accessKey: `AKIA${local.toUpperCase().padEnd(16, 'X')}`.slice(0, 20),
      secretKey: `secret-of-${local}`.padEnd(40, 'x'),
      resourcePolicy: 'default',
    },
    ...overrides,
  };
}

describeOnDrivers('database: identity users', (harness) => {
  let db: InspectableDatabase;
  let database: OrmDatabase;

  beforeEachExampleTenant(harness, (opened) => {
    db = opened;
    database = opened.database;
  });

  const userCount = async (email: string) =>
    (await db.query('select uuid from users where email = $1', [email])).length;

  it('reads a user by uuid and e-mail with its projects by name; credentials carry the hash alone', async () => {
    const user = await database.identity.users.get(USER);
    expect(user).to.deep.include({
      uuid: USER,
      email: 'user@lablup.com',
      username: 'user',
      role: 'user',
      status: 'active',
      domainName: 'default',
      resourcePolicy: 'default',
      mainAccessKey: 'AKIAEXAMPLEUSERKEY01',
      groups: [
        { id: DEFAULT_PROJECT, name: 'default' },
        { id: RESEARCH_PROJECT, name: 'research' },
      ],
    });
    expect(user).to.not.have.property('passwordHash');
    expect(await database.identity.users.getByEmail('user@lablup.com')).to.deep.equal(user);
    expect(await database.identity.users.get('nope')).to.equal(null);
    expect(await database.identity.users.getByEmail('nope@x')).to.equal(null);
    const credentials = await database.identity.users.credentials('user@lablup.com');
    expect(credentials!.passwordHash).to.match(/^\$2[aby]\$/);
    expect(credentials).to.include({ uuid: USER, domainName: 'default', role: 'user', status: 'active' });
    expect(await database.identity.users.credentials('nope@x')).to.equal(null);
  });

  it('creates a user with its main keypair and memberships in one transaction', async () => {
    const { user, keypair } = await database.identity.users.create(
      newUser('new@lab.io', { groupIds: [RESEARCH_PROJECT], role: 'admin', fullName: 'New One' }),
    );
    expect(user).to.deep.include({
      email: 'new@lab.io',
      username: 'new',
      role: 'admin',
      status: 'active',
      fullName: 'New One',
      mainAccessKey: 'AKIANEWXXXXXXXXXXXXX',
      groups: [{ id: RESEARCH_PROJECT, name: 'research' }],
    });
    expect(user.passwordChangedAt).to.be.instanceOf(Date);
    expect(keypair).to.deep.include({
      accessKey: 'AKIANEWXXXXXXXXXXXXX',
      userUuid: user.uuid,
      userEmail: 'new@lab.io',
      domainName: 'default',
      isActive: true,
      isAdmin: false,
      isMain: true,
      resourcePolicy: 'default',
    });
    expect(await database.identity.users.get(user.uuid)).to.deep.equal(user);
  });

  it('refuses a taken access key, e-mail or username, or a project of another domain, leaving no user behind', async () => {
    const takenKey = await tesseraFailure(
      database.identity.users.create(
        newUser('fresh@lab.io', {
          mainKeypair: {
            accessKey: 'AKIAEXAMPLEUSERKEY01',
            secretKey: 's'.repeat(40),
            resourcePolicy: 'default',
          },
        }),
      ),
    );
    expect(takenKey.code).to.equal('object-already-exists');
    expect(takenKey.message).to.equal('a keypair with access key "AKIAEXAMPLEUSERKEY01" already exists');
    expect(await userCount('fresh@lab.io')).to.equal(0);

    const takenEmail = await tesseraFailure(
      database.identity.users.create(newUser('user@lablup.com', { username: 'u2' })),
    );
    expect(takenEmail.message).to.equal('a user with e-mail "user@lablup.com" already exists');
    const takenName = await tesseraFailure(
      database.identity.users.create(newUser('other@lab.io', { username: 'admin' })),
    );
    expect(takenName.message).to.equal('a user with username "admin" already exists');
    expect(await userCount('other@lab.io')).to.equal(0);

    await database.identity.domains.create({ name: 'lab' });
    const elsewhere = await tesseraFailure(
      database.identity.users.create(
        newUser('lab@lab.io', { domainName: 'lab', groupIds: [RESEARCH_PROJECT] }),
      ),
    );
    expect(elsewhere.code).to.equal('object-not-found');
    expect(elsewhere.message).to.equal(`project "${RESEARCH_PROJECT}" in domain "lab" not found`);
    const noPolicy = await tesseraFailure(
      database.identity.users.create(
        newUser('p@lab.io', {
          mainKeypair: { accessKey: 'AKIAPPPPPPPPPPPPPPPP', secretKey: 's', resourcePolicy: 'nope' },
        }),
      ),
    );
    expect(noPolicy.message).to.equal('keypair resource policy "nope" not found');
    expect(await userCount('lab@lab.io')).to.equal(0);
    expect(
      await db.query('select access_key from keypairs where access_key = $1', ['AKIAPPPPPPPPPPPPPPPP']),
    ).to.deep.equal([]);
  });

  it('modifies a user: a new password hash sets passwordChangedAt, groupIds replace the memberships', async () => {
    const before = (await database.identity.users.get(USER))!;
    const modified = await database.identity.users.modify('user@lablup.com', {
      fullName: 'Renamed',
      role: 'admin',
      status: 'inactive',
      statusInfo: 'on leave',
      groupIds: [RESEARCH_PROJECT],
    });
    expect(modified).to.deep.include({
      fullName: 'Renamed',
      role: 'admin',
      status: 'inactive',
      statusInfo: 'on leave',
      groups: [{ id: RESEARCH_PROJECT, name: 'research' }],
    });
    expect(modified.passwordChangedAt?.getTime()).to.equal(before.passwordChangedAt?.getTime());
    const changed = await database.identity.users.modify('user@lablup.com', { passwordHash: HASH });
    expect(changed.passwordChangedAt).to.be.instanceOf(Date);
    expect(changed.passwordChangedAt!.getTime()).to.be.at.least(modified.modifiedAt.getTime());
    expect((await database.identity.users.credentials('user@lablup.com'))!.passwordHash).to.equal(HASH);
    expect(await database.identity.projects.isMember(USER, DEFAULT_PROJECT)).to.equal(false);
  });

  it('refuses a modification naming a taken username or a project elsewhere, changing nothing', async () => {
    const taken = await tesseraFailure(
      database.identity.users.modify('user@lablup.com', { username: 'admin', fullName: 'lost' }),
    );
    expect(taken.code).to.equal('object-already-exists');
    expect(taken.message).to.equal('a user with username "admin" already exists');
    await database.identity.domains.create({ name: 'lab' });
    const elsewhere = await tesseraFailure(
      database.identity.users.modify('user@lablup.com', { domainName: 'lab', groupIds: [DEFAULT_PROJECT] }),
    );
    expect(elsewhere.code).to.equal('object-not-found');
    const user = (await database.identity.users.get(USER))!;
    expect(user).to.deep.include({ username: 'user', fullName: 'Example User', domainName: 'default' });
    expect(user.groups).to.have.length(2);
    const missing = await tesseraFailure(database.identity.users.modify('nope@x', { fullName: 'x' }));
    expect(missing.message).to.equal('user with e-mail "nope@x" not found');
  });

  it('closes an account (deleted, or inactive as signout does) with every keypair inactive, the rows kept', async () => {
    await database.identity.keypairs.create('user@lablup.com', {
      accessKey: 'AKIASECONDKEYXXXXXXX',
      secretKey: 'x'.repeat(40),
      resourcePolicy: 'default',
    });
    await database.identity.users.closeAccount('user@lablup.com', 'inactive');
    expect((await database.identity.users.get(USER))!.status).to.equal('inactive');
    const keys = await database.identity.keypairs.list({
      userEmail: 'user@lablup.com',
      limit: 10,
      offset: 0,
    });
    expect(keys.items.map((k) => k.isActive)).to.deep.equal([false, false]);
    await database.identity.users.closeAccount('user@lablup.com', 'deleted');
    expect((await database.identity.users.get(USER))!.status).to.equal('deleted');
    expect((await tesseraFailure(database.identity.users.closeAccount('nope@x', 'deleted'))).code).to.equal(
      'object-not-found',
    );
  });

  it('purges a user with keypairs and memberships, refused while one of its sessions is live', async () => {
    const live = await database.sessions.create(
      newSession('live', [{ cpu: '1' }], { userId: USER, accessKey: 'AKIAEXAMPLEUSERKEY01' }),
    );
    const failure = await tesseraFailure(database.identity.users.purge('user@lablup.com'));
    expect(failure.code).to.equal('object-in-use');
    expect(failure.message).to.equal('user "user@lablup.com" still has 1 session that is not terminated');
    expect(await database.identity.users.get(USER)).to.not.equal(null);
    expect(await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01')).to.not.equal(null);

    await database.sessions.setSessionStatus(live.id, 'TERMINATED', { at: new Date(), statusInfo: 'done' });
    await database.identity.users.purge('user@lablup.com');
    expect(await database.identity.users.get(USER)).to.equal(null);
    expect(await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01')).to.equal(null);
    expect(await db.query('select * from association_groups_users where user_id = $1', [USER])).to.deep.equal(
      [],
    );
    expect(await db.query('select * from resource_groups_for_keypairs')).to.deep.equal([]);
    expect((await tesseraFailure(database.identity.users.purge('user@lablup.com'))).code).to.equal(
      'object-not-found',
    );
  });

  describe('listing', () => {
    beforeEach(async () => {
      for (const name of ['carol', 'alice', 'bob', 'dave']) {
        await database.identity.users.create(
          newUser(`${name}@lab.io`, {
            groupIds: name === 'bob' || name === 'dave' ? [RESEARCH_PROJECT] : [],
          }),
        );
      }
    });

    const emails = (page: { items: Array<{ email: string }> }) => page.items.map((u) => u.email);

    it('orders by a key both ways, then by uuid, with the count of every match', async () => {
      const up = await database.identity.users.list({ limit: 100, offset: 0, orderBy: 'email' });
      expect(up.totalCount).to.equal(7);
      expect(emails(up)).to.deep.equal([
        'admin@lablup.com',
        'alice@lab.io',
        'bob@lab.io',
        'carol@lab.io',
        'dave@lab.io',
        'monitor@lablup.com',
        'user@lablup.com',
      ]);
      const down = await database.identity.users.list({
        limit: 100,
        offset: 0,
        orderBy: 'email',
        ascending: false,
      });
      expect(emails(down)).to.deep.equal([...emails(up)].reverse());
      const byRole = await database.identity.users.list({ limit: 100, offset: 0, orderBy: 'role' });
      const sameRole = byRole.items.filter((u) => u.role === 'user').map((u) => u.uuid);
      expect(sameRole).to.deep.equal([...sameRole].sort());
    });

    it('pages with limit 1 and an offset beyond the end, still counting every match', async () => {
      const first = await database.identity.users.list({ limit: 1, offset: 0, orderBy: 'email' });
      expect(first).to.deep.include({ totalCount: 7 });
      expect(emails(first)).to.deep.equal(['admin@lablup.com']);
      const third = await database.identity.users.list({ limit: 1, offset: 2, orderBy: 'email' });
      expect(emails(third)).to.deep.equal(['bob@lab.io']);
      expect(third.items[0]!.groups.map((g) => g.name)).to.deep.equal(['research']);
      const beyond = await database.identity.users.list({ limit: 5, offset: 50 });
      expect(beyond).to.deep.equal({ totalCount: 7, items: [] });
    });

    it('filters by domain, project, statuses and a case-insensitive search (wildcards taken literally)', async () => {
      const inResearch = await database.identity.users.list({
        limit: 10,
        offset: 0,
        orderBy: 'email',
        groupId: RESEARCH_PROJECT,
      });
      expect(emails(inResearch)).to.deep.equal(['bob@lab.io', 'dave@lab.io', 'user@lablup.com']);
      expect(inResearch.totalCount).to.equal(3);
      await database.identity.users.modify('carol@lab.io', {
        status: 'inactive',
        fullName: 'Carol 100% Sure',
      });
      const inactive = await database.identity.users.list({ limit: 10, offset: 0, statuses: ['inactive'] });
      expect(emails(inactive)).to.deep.equal(['carol@lab.io']);
      expect(
        (await database.identity.users.list({ limit: 10, offset: 0, statuses: [] })).totalCount,
      ).to.equal(0);
      const search = await database.identity.users.list({
        limit: 10,
        offset: 0,
        orderBy: 'email',
        search: 'LAB.IO',
      });
      expect(search.totalCount).to.equal(4);
      const percent = await database.identity.users.list({ limit: 10, offset: 0, search: '0% s' });
      expect(emails(percent)).to.deep.equal(['carol@lab.io']);
      expect((await database.identity.users.list({ limit: 10, offset: 0, search: '%' })).totalCount).to.equal(
        1,
      );
      expect(
        (await database.identity.users.list({ limit: 10, offset: 0, domainName: 'nowhere' })).totalCount,
      ).to.equal(0);
      expect(
        (
          await database.identity.users.list({
            limit: 1,
            offset: 0,
            domainName: 'default',
            groupId: RESEARCH_PROJECT,
          })
        ).totalCount,
      ).to.equal(3);
    });
  });
});

describe('database: identity listings read a page in a fixed number of statements [sqlite]', () => {
  it('runs as many statements for a page of 50 users as for a page of 2', async () => {
    const { database, log } = await openDatabase({ driver: 'sqlite', path: ':memory:', debug: true });
    try {
      await database.fixtures.populate(exampleFixture());
      for (let index = 0; index < 50; index++)
        await database.identity.users.create(
          newUser(`u${index}@lab.io`, { groupIds: [DEFAULT_PROJECT, RESEARCH_PROJECT] }),
        );
      const statements = async (run: () => Promise<unknown>) => {
        const before = log.lines.length;
        await run();
        return log.lines.slice(before).filter((line) => /\bselect\b/i.test(String(line.fields.message)))
          .length;
      };
      const small = await statements(() => database.identity.users.list({ limit: 2, offset: 0 }));
      const large = await statements(() => database.identity.users.list({ limit: 50, offset: 0 }));
      expect(large).to.equal(small);
      const keysSmall = await statements(() => database.identity.keypairs.list({ limit: 2, offset: 0 }));
      const keysLarge = await statements(() => database.identity.keypairs.list({ limit: 50, offset: 0 }));
      expect(keysLarge).to.equal(keysSmall);
      expect(log.lines.map((line) => JSON.stringify(line)).join('\n')).to.not.contain('secret-of-u1');
      expect(log.lines.map((line) => JSON.stringify(line)).join('\n')).to.not.contain(HASH);
    } finally {
      await database.close();
    }
  });
});
