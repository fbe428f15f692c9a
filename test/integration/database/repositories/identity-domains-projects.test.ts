import { expect } from 'chai';
import type { OrmDatabase } from '@tessera/database';
import { tesseraFailure } from '../../../support/tessera-failure';
import {
  describeOnDrivers,
  beforeEachExampleTenant,
  type InspectableDatabase,
} from '../support/database-drivers';
import {
  ADMIN_UUID as ADMIN,
  DEFAULT_PROJECT,
  MONITOR_UUID as MONITOR,
  newSession,
  RESEARCH_PROJECT,
  USER_UUID as USER,
} from '../support/sample-records';

describeOnDrivers('database: identity domains and projects', (harness) => {
  let db: InspectableDatabase;
  let database: OrmDatabase;

  beforeEachExampleTenant(harness, (opened) => {
    db = opened;
    database = opened.database;
  });

  describe('domains', () => {
    it('reads a domain with its resource groups, lists by name with the active filter', async () => {
      const domain = await database.identity.domains.get('default');
      expect(domain).to.deep.include({
        name: 'default',
        description: 'The default domain',
        isActive: true,
        totalResourceSlots: {},
        allowedDockerRegistries: ['cr.backend.ai', 'index.docker.io'],
        integrationId: null,
        scalingGroups: ['default'],
      });
      expect(domain!.allowedVfolderHosts['local:volume1']).to.include('mount-in-session');
      expect(await database.identity.domains.get('nowhere')).to.equal(null);

      await database.identity.domains.create({ name: 'lab', isActive: false });
      await database.identity.domains.create({ name: 'aa' });
      const names = (list: Array<{ name: string }>) => list.map((d) => d.name);
      expect(names(await database.identity.domains.list())).to.deep.equal(['aa', 'default', 'lab']);
      expect(names(await database.identity.domains.list({ isActive: true }))).to.deep.equal([
        'aa',
        'default',
      ]);
      expect(names(await database.identity.domains.list({ isActive: false }))).to.deep.equal(['lab']);
    });

    it('creates with defaults and refuses a taken name, leaving the row as it was', async () => {
      const created = await database.identity.domains.create({
        name: 'lab',
        description: 'a lab',
        totalResourceSlots: { cpu: '8' },
        allowedDockerRegistries: ['cr.backend.ai'],
      });
      expect(created).to.deep.include({
        name: 'lab',
        description: 'a lab',
        isActive: true,
        totalResourceSlots: { cpu: '8' },
        allowedVfolderHosts: {},
        allowedDockerRegistries: ['cr.backend.ai'],
        scalingGroups: [],
      });
      expect(created.createdAt).to.be.instanceOf(Date);
      const failure = await tesseraFailure(
        database.identity.domains.create({ name: 'lab', description: 'x' }),
      );
      expect(failure.code).to.equal('object-already-exists');
      expect(failure.message).to.equal('a domain named "lab" already exists');
      expect((await database.identity.domains.get('lab'))!.description).to.equal('a lab');
    });

    it('modifies columns, and refuses an unknown domain', async () => {
      const modified = await database.identity.domains.modify('default', {
        description: 'changed',
        totalResourceSlots: { cpu: '4', mem: '1073741824' },
        integrationId: 'ext-1',
      });
      expect(modified).to.deep.include({
        description: 'changed',
        totalResourceSlots: { cpu: '4', mem: '1073741824' },
        integrationId: 'ext-1',
        scalingGroups: ['default'],
      });
      expect((await database.identity.domains.get('default'))!.description).to.equal('changed');
      const failure = await tesseraFailure(database.identity.domains.modify('nowhere', { description: 'x' }));
      expect(failure.code).to.equal('object-not-found');
      expect(failure.message).to.equal('domain "nowhere" not found');
    });

    it('renames a domain, carrying its users, projects, sessions and resource groups along', async () => {
      await database.sessions.create(newSession('carried', [{ cpu: '1' }]));
      const renamed = await database.identity.domains.modify('default', {
        name: 'main',
        description: 'moved',
      });
      expect(renamed).to.deep.include({ name: 'main', description: 'moved', scalingGroups: ['default'] });
      expect(await database.identity.domains.get('default')).to.equal(null);
      expect((await database.identity.users.get(ADMIN))!.domainName).to.equal('main');
      expect((await database.identity.projects.get(DEFAULT_PROJECT))!.domainName).to.equal('main');
      expect((await database.keypairs.findByAccessKey('AKIATESSERAFIXTURE01'))!.domainName).to.equal('main');
      const sessions = await db.query<{ domain_name: string }>('select domain_name from sessions');
      expect(sessions.map((row) => row.domain_name)).to.deep.equal(['main']);
    });

    it('refuses a rename onto a taken name, changing nothing', async () => {
      await database.identity.domains.create({ name: 'lab' });
      const failure = await tesseraFailure(
        database.identity.domains.modify('default', { name: 'lab', description: 'lost' }),
      );
      expect(failure.code).to.equal('object-already-exists');
      expect(failure.message).to.equal('a domain named "lab" already exists');
      expect((await database.identity.domains.get('default'))!.description).to.equal('The default domain');
      expect((await database.identity.users.get(ADMIN))!.domainName).to.equal('default');
    });

    it('deactivates without removing anything', async () => {
      await database.identity.domains.deactivate('default');
      expect((await database.identity.domains.get('default'))!.isActive).to.equal(false);
      expect(await database.identity.users.get(ADMIN)).to.not.equal(null);
      const failure = await tesseraFailure(database.identity.domains.deactivate('nowhere'));
      expect(failure.code).to.equal('object-not-found');
    });

    it('purges an unused domain, and refuses one that users, projects or sessions name', async () => {
      const failure = await tesseraFailure(database.identity.domains.purge('default'));
      expect(failure.code).to.equal('object-in-use');
      expect(failure.message).to.equal('domain "default" still has 3 users and 2 projects');
      expect(await database.identity.domains.get('default')).to.not.equal(null);

      await database.identity.domains.create({ name: 'lab' });
      await database.sessions.create(newSession('old', [{ cpu: '1' }], { domainName: 'lab' }));
      const bySession = await tesseraFailure(database.identity.domains.purge('lab'));
      expect(bySession.message).to.equal('domain "lab" still has 1 session');

      await database.identity.domains.create({ name: 'empty' });
      await database.identity.domains.purge('empty');
      expect(await database.identity.domains.get('empty')).to.equal(null);
      expect((await tesseraFailure(database.identity.domains.purge('empty'))).code).to.equal(
        'object-not-found',
      );
    });
  });

  describe('projects', () => {
    it('reads by id and by name, with resource groups; lists by domain then name with filters', async () => {
      const project = await database.identity.projects.get(DEFAULT_PROJECT);
      expect(project).to.deep.include({
        id: DEFAULT_PROJECT,
        name: 'default',
        domainName: 'default',
        type: 'GENERAL',
        isActive: true,
        resourcePolicy: 'default',
      });
      expect((await database.identity.projects.getByName('default', 'research'))!.id).to.equal(
        RESEARCH_PROJECT,
      );
      expect(await database.identity.projects.getByName('default', 'nope')).to.equal(null);
      expect(await database.identity.projects.get('not-a-uuid')).to.equal(null);

      await database.identity.domains.create({ name: 'aa' });
      await database.identity.projects.create({ name: 'zeta', domainName: 'aa', isActive: false });
      const listed = await database.identity.projects.list();
      expect(listed.map((p) => `${p.domainName}/${p.name}`)).to.deep.equal([
        'aa/zeta',
        'default/default',
        'default/research',
      ]);
      expect(
        (await database.identity.projects.list({ domainName: 'default' })).map((p) => p.name),
      ).to.deep.equal(['default', 'research']);
      expect((await database.identity.projects.list({ isActive: false })).map((p) => p.name)).to.deep.equal([
        'zeta',
      ]);
      expect(
        (await database.identity.projects.list({ ids: [RESEARCH_PROJECT, 'garbage'] })).map((p) => p.name),
      ).to.deep.equal(['research']);
      expect(await database.identity.projects.list({ ids: [] })).to.deep.equal([]);
    });

    it('creates a project, refusing a duplicate name in the domain and an unknown domain or policy', async () => {
      const created = await database.identity.projects.create({
        name: 'vision',
        domainName: 'default',
        description: 'cv',
        resourcePolicy: 'default',
      });
      expect(created).to.deep.include({
        name: 'vision',
        domainName: 'default',
        type: 'GENERAL',
        scalingGroups: [],
      });
      expect(created.id).to.match(/^[0-9a-f-]{36}$/);

      const duplicate = await tesseraFailure(
        database.identity.projects.create({ name: 'vision', domainName: 'default' }),
      );
      expect(duplicate.code).to.equal('object-already-exists');
      expect(duplicate.message).to.equal('a project named "vision" in domain "default" already exists');
      const noDomain = await tesseraFailure(
        database.identity.projects.create({ name: 'x', domainName: 'nowhere' }),
      );
      expect(noDomain.code).to.equal('object-not-found');
      expect(noDomain.message).to.equal('domain "nowhere" not found');
      const noPolicy = await tesseraFailure(
        database.identity.projects.create({ name: 'x', domainName: 'default', resourcePolicy: 'nope' }),
      );
      expect(noPolicy.message).to.equal('project resource policy "nope" not found');
      expect(await database.identity.projects.getByName('default', 'x')).to.equal(null);
    });

    it('modifies and renames a project, sessions following; refuses a taken name unchanged', async () => {
      await database.sessions.create(newSession('in-research', [{ cpu: '1' }], { groupName: 'research' }));
      const modified = await database.identity.projects.modify(RESEARCH_PROJECT, {
        name: 'science',
        description: 'renamed',
        resourcePolicy: null,
      });
      expect(modified).to.deep.include({ name: 'science', description: 'renamed', resourcePolicy: null });
      const sessions = await db.query<{ group_name: string }>('select group_name from sessions');
      expect(sessions.map((row) => row.group_name)).to.deep.equal(['science']);

      const failure = await tesseraFailure(
        database.identity.projects.modify(RESEARCH_PROJECT, { name: 'default', description: 'lost' }),
      );
      expect(failure.code).to.equal('object-already-exists');
      expect(failure.message).to.equal('a project named "default" in domain "default" already exists');
      expect((await database.identity.projects.get(RESEARCH_PROJECT))!.description).to.equal('renamed');
      const missing = await tesseraFailure(
        database.identity.projects.modify('00000000-0000-4000-8000-000000000000', { name: 'x' }),
      );
      expect(missing.code).to.equal('object-not-found');
    });

    it('deactivates, and purges with memberships unless a session of it is still live', async () => {
      await database.identity.projects.deactivate(RESEARCH_PROJECT);
      expect((await database.identity.projects.get(RESEARCH_PROJECT))!.isActive).to.equal(false);

      const live = await database.sessions.create(
        newSession('live', [{ cpu: '1' }], { groupName: 'research' }),
      );
      const failure = await tesseraFailure(database.identity.projects.purge(RESEARCH_PROJECT));
      expect(failure.code).to.equal('object-in-use');
      expect(failure.message).to.equal(
        'project "research" of domain "default" still has 1 session that is not terminated',
      );
      expect(await database.identity.projects.members(RESEARCH_PROJECT)).to.deep.equal([USER]);

      await database.sessions.setSessionStatus(live.id, 'CANCELLED', { at: new Date(), statusInfo: 'test' });
      await database.identity.projects.purge(RESEARCH_PROJECT);
      expect(await database.identity.projects.get(RESEARCH_PROJECT)).to.equal(null);
      expect(await database.identity.projects.members(RESEARCH_PROJECT)).to.deep.equal([]);
      expect((await database.identity.users.get(USER))!.groups.map((g) => g.name)).to.deep.equal(['default']);
    });

    it('adds and removes members, ignoring present or absent ones, refusing unknown users whole', async () => {
      expect(await database.identity.projects.members(DEFAULT_PROJECT)).to.deep.equal([USER, ADMIN].sort());
      await database.identity.projects.updateMembers(RESEARCH_PROJECT, 'add', [ADMIN, USER, MONITOR]);
      expect(await database.identity.projects.members(RESEARCH_PROJECT)).to.deep.equal(
        [ADMIN, USER, MONITOR].sort(),
      );
      await database.identity.projects.updateMembers(RESEARCH_PROJECT, 'remove', [MONITOR, MONITOR]);
      await database.identity.projects.updateMembers(RESEARCH_PROJECT, 'remove', [MONITOR]);
      expect(await database.identity.projects.isMember(MONITOR, RESEARCH_PROJECT)).to.equal(false);
      expect(await database.identity.projects.isMember(ADMIN, RESEARCH_PROJECT)).to.equal(true);

      const ghost = '00000000-0000-4000-8000-000000000001';
      const failure = await tesseraFailure(
        database.identity.projects.updateMembers(RESEARCH_PROJECT, 'add', [MONITOR, ghost]),
      );
      expect(failure.code).to.equal('object-not-found');
      expect(failure.message).to.equal(`user "${ghost}" not found`);
      expect(await database.identity.projects.isMember(MONITOR, RESEARCH_PROJECT)).to.equal(false);

      expect((await database.identity.projects.projectsOf(USER)).map((p) => p.name)).to.deep.equal([
        'default',
        'research',
      ]);
      expect(await database.identity.projects.projectsOf('nobody')).to.deep.equal([]);
    });
  });
});
