import { expect } from 'chai';
import type { OrmDatabase } from '@tessera/database';
import { tesseraFailure } from '../../../support/tessera-failure';
import {
  describeOnDrivers,
  beforeEachExampleTenant,
  type InspectableDatabase,
} from '../support/database-drivers';
import { RESEARCH_PROJECT } from '../support/sample-records';

describeOnDrivers('database: identity keypairs and resource policies', (harness) => {
  let db: InspectableDatabase;
  let database: OrmDatabase;

  beforeEachExampleTenant(harness, (opened) => {
    db = opened;
    database = opened.database;
  });

  describe('keypairs', () => {
    it('reads a keypair with its owner, whether it is main, and creates more for a user', async () => {
      expect(await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01')).to.deep.include({
        accessKey: 'AKIAEXAMPLEUSERKEY01',
        userEmail: 'user@lablup.com',
        userUuid: 'dfa9da54-4b28-432f-be29-c0d680c7a412',
        domainName: 'default',
        resourcePolicy: 'gpu-limited',
        isMain: true,
        lastUsed: null,
        sshPublicKey: null,
      });
      expect(await database.identity.keypairs.get('AKIANOSUCHKEYEXAMPL')).to.equal(null);
      const created = await database.identity.keypairs.create('user@lablup.com', {
        accessKey: 'AKIASECONDKEYXXXXXXX',
        secretKey: 'y'.repeat(40),
        resourcePolicy: 'default',
        isAdmin: true,
        rateLimit: 100,
      });
      expect(created).to.deep.include({
        isMain: false,
        isAdmin: true,
        rateLimit: 100,
        numQueries: 0,
        isActive: true,
      });
      expect(created.secretKey).to.equal('y'.repeat(40));
    });

    it('refuses a taken access key, an unknown user or policy, writing nothing', async () => {
      const taken = await tesseraFailure(
        database.identity.keypairs.create('admin@lablup.com', {
          accessKey: 'AKIAEXAMPLEUSERKEY01',
          secretKey: 'z'.repeat(40),
          resourcePolicy: 'default',
        }),
      );
      expect(taken.code).to.equal('object-already-exists');
      expect(taken.message).to.equal('a keypair with access key "AKIAEXAMPLEUSERKEY01" already exists');
      expect((await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01'))!.userEmail).to.equal(
        'user@lablup.com',
      );
      const noUser = await tesseraFailure(
        database.identity.keypairs.create('nope@x', {
          accessKey: 'AKIANEWNEWNEWNEWNEW1',
          secretKey: 's',
          resourcePolicy: 'default',
        }),
      );
      expect(noUser.message).to.equal('user with e-mail "nope@x" not found');
      const noPolicy = await tesseraFailure(
        database.identity.keypairs.create('user@lablup.com', {
          accessKey: 'AKIANEWNEWNEWNEWNEW1',
          secretKey: 's',
          resourcePolicy: 'nope',
        }),
      );
      expect(noPolicy.code).to.equal('object-not-found');
      expect(await database.identity.keypairs.get('AKIANEWNEWNEWNEWNEW1')).to.equal(null);
    });

    it('modifies a keypair, refusing an unknown policy unchanged', async () => {
      const modified = await database.identity.keypairs.modify('AKIAEXAMPLEUSERKEY01', {
        isActive: false,
        rateLimit: 7,
        resourcePolicy: 'default',
      });
      expect(modified).to.deep.include({ isActive: false, rateLimit: 7, resourcePolicy: 'default' });
      const failure = await tesseraFailure(
        database.identity.keypairs.modify('AKIAEXAMPLEUSERKEY01', { resourcePolicy: 'nope', rateLimit: 1 }),
      );
      expect(failure.message).to.equal('keypair resource policy "nope" not found');
      expect((await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01'))!.rateLimit).to.equal(7);
      expect((await tesseraFailure(database.identity.keypairs.modify('AKIAMISSING', {}))).code).to.equal(
        'object-not-found',
      );
    });

    it('deletes a keypair with its resource-group links but refuses a main keypair', async () => {
      const main = await tesseraFailure(database.identity.keypairs.delete('AKIAEXAMPLEUSERKEY01'));
      expect(main.code).to.equal('object-in-use');
      expect(main.message).to.equal(
        'keypair "AKIAEXAMPLEUSERKEY01" is the main keypair of user "user@lablup.com" and cannot be deleted',
      );
      expect(await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01')).to.not.equal(null);
      await database.identity.keypairs.create('user@lablup.com', {
        accessKey: 'AKIASECONDKEYXXXXXXX',
        secretKey: 'y'.repeat(40),
        resourcePolicy: 'default',
      });
      await database.identity.keypairs.delete('AKIASECONDKEYXXXXXXX');
      expect(await database.identity.keypairs.get('AKIASECONDKEYXXXXXXX')).to.equal(null);
      expect(await db.query('select access_key from resource_groups_for_keypairs')).to.deep.equal([
        { access_key: 'AKIAEXAMPLEUSERKEY01' },
      ]);
      expect((await tesseraFailure(database.identity.keypairs.delete('AKIASECONDKEYXXXXXXX'))).code).to.equal(
        'object-not-found',
      );
    });

    it('stores and reads an SSH keypair', async () => {
      expect(await database.identity.keypairs.sshKeypair('AKIAEXAMPLEUSERKEY01')).to.equal(null);
      await database.identity.keypairs.setSshKeypair('AKIAEXAMPLEUSERKEY01', 'ssh-ed25519 AAAA', 'PRIVATE');
      expect(await database.identity.keypairs.sshKeypair('AKIAEXAMPLEUSERKEY01')).to.deep.equal({
        publicKey: 'ssh-ed25519 AAAA',
        privateKey: 'PRIVATE',
      });
      expect((await database.identity.keypairs.get('AKIAEXAMPLEUSERKEY01'))!.sshPublicKey).to.equal(
        'ssh-ed25519 AAAA',
      );
      expect(
        (await tesseraFailure(database.identity.keypairs.setSshKeypair('AKIAMISSING', 'a', 'b'))).code,
      ).to.equal('object-not-found');
    });

    it('lists with filters, both orders, user e-mail and last-used keys, limit 1 and beyond the end', async () => {
      await database.identity.keypairs.create('admin@lablup.com', {
        accessKey: 'AKIAAAAAAAAAAAAAAAAA',
        secretKey: 'a'.repeat(40),
        resourcePolicy: 'gpu-limited',
        isActive: false,
      });
      await database.keypairs.touchLastUsed('AKIAEXAMPLEUSERKEY01', new Date('2026-01-01T00:00:00Z'));
      const keys = (page: { items: Array<{ accessKey: string }> }) => page.items.map((k) => k.accessKey);
      const byKey = await database.identity.keypairs.list({ limit: 10, offset: 0, orderBy: 'accessKey' });
      expect(byKey.totalCount).to.equal(3);
      expect(keys(byKey)).to.deep.equal([
        'AKIAAAAAAAAAAAAAAAAA',
        'AKIAEXAMPLEUSERKEY01',
        'AKIATESSERAFIXTURE01',
      ]);
      const down = await database.identity.keypairs.list({
        limit: 10,
        offset: 0,
        orderBy: 'accessKey',
        ascending: false,
      });
      expect(keys(down)).to.deep.equal([...keys(byKey)].reverse());
      const byEmail = await database.identity.keypairs.list({ limit: 10, offset: 0, orderBy: 'userEmail' });
      expect(keys(byEmail)).to.deep.equal([
        'AKIAAAAAAAAAAAAAAAAA',
        'AKIATESSERAFIXTURE01',
        'AKIAEXAMPLEUSERKEY01',
      ]);
      const byUse = await database.identity.keypairs.list({ limit: 10, offset: 0, orderBy: 'lastUsed' });
      expect(keys(byUse)[0]).to.equal('AKIAEXAMPLEUSERKEY01');
      const byUseDown = await database.identity.keypairs.list({
        limit: 10,
        offset: 0,
        orderBy: 'lastUsed',
        ascending: false,
      });
      expect(keys(byUseDown)[2]).to.equal('AKIAEXAMPLEUSERKEY01');
      const byPolicy = await database.identity.keypairs.list({
        limit: 10,
        offset: 0,
        orderBy: 'resourcePolicy',
      });
      expect(byPolicy.items.map((k) => k.resourcePolicy)).to.deep.equal([
        'default',
        'gpu-limited',
        'gpu-limited',
      ]);
      expect(keys(byPolicy).slice(1)).to.deep.equal(['AKIAAAAAAAAAAAAAAAAA', 'AKIAEXAMPLEUSERKEY01']);

      const one = await database.identity.keypairs.list({ limit: 1, offset: 1, orderBy: 'accessKey' });
      expect(one.totalCount).to.equal(3);
      expect(keys(one)).to.deep.equal(['AKIAEXAMPLEUSERKEY01']);
      expect(await database.identity.keypairs.list({ limit: 10, offset: 3 })).to.deep.equal({
        totalCount: 3,
        items: [],
      });
      const admin = await database.identity.keypairs.list({
        limit: 10,
        offset: 0,
        userEmail: 'admin@lablup.com',
      });
      expect(admin.totalCount).to.equal(2);
      const inactive = await database.identity.keypairs.list({ limit: 10, offset: 0, isActive: false });
      expect(keys(inactive)).to.deep.equal(['AKIAAAAAAAAAAAAAAAAA']);
      expect(
        (await database.identity.keypairs.list({ limit: 10, offset: 0, domainName: 'default' })).totalCount,
      ).to.equal(3);
      expect(
        (await database.identity.keypairs.list({ limit: 10, offset: 0, domainName: 'other' })).totalCount,
      ).to.equal(0);
    });
  });

  describe('resource policies', () => {
    it('lists, creates with defaults, modifies and deletes keypair policies', async () => {
      const store = database.identity.policies.keypair;
      expect((await store.list()).map((p) => p.name)).to.deep.equal(['default', 'gpu-limited']);
      expect(await store.get('gpu-limited')).to.deep.include({
        defaultForUnspecified: 'LIMITED',
        maxConcurrentSessions: 2,
        maxPendingSessionCount: 4,
        idleTimeout: 1800,
      });
      const created = await store.create({
        name: 'tiny',
        totalResourceSlots: { cpu: '1' },
        maxVfolderSize: 2 ** 40,
      });
      expect(created).to.deep.include({
        name: 'tiny',
        defaultForUnspecified: 'UNLIMITED',
        totalResourceSlots: { cpu: '1' },
        maxConcurrentSftpSessions: 1,
        maxVfolderSize: 2 ** 40,
        maxPendingSessionCount: null,
      });
      const modified = await store.modify('tiny', {
        maxConcurrentSessions: 3,
        allowedVfolderHosts: { 'local:v': ['x'] },
      });
      expect(modified).to.deep.include({
        maxConcurrentSessions: 3,
        allowedVfolderHosts: { 'local:v': ['x'] },
      });
      const taken = await tesseraFailure(store.create({ name: 'tiny' }));
      expect(taken.code).to.equal('object-already-exists');
      expect(taken.message).to.equal('a keypair resource policy named "tiny" already exists');
      await store.delete('tiny');
      expect(await store.get('tiny')).to.equal(null);
      expect((await tesseraFailure(store.modify('tiny', {}))).message).to.equal(
        'keypair resource policy "tiny" not found',
      );
    });

    it('refuses to delete a policy that keypairs, users or projects name, keeping it', async () => {
      const keypair = await tesseraFailure(database.identity.policies.keypair.delete('gpu-limited'));
      expect(keypair.code).to.equal('object-in-use');
      expect(keypair.message).to.equal('keypair resource policy "gpu-limited" is still used by 1 keypair');
      const user = await tesseraFailure(database.identity.policies.user.delete('default'));
      expect(user.message).to.equal('user resource policy "default" is still used by 2 users');
      const project = await tesseraFailure(database.identity.policies.project.delete('default'));
      expect(project.message).to.equal('project resource policy "default" is still used by 2 projects');
      expect(await database.identity.policies.keypair.get('gpu-limited')).to.not.equal(null);
      expect(await database.identity.policies.user.get('default')).to.not.equal(null);
      expect((await database.identity.projects.get(RESEARCH_PROJECT))!.resourcePolicy).to.equal('default');
    });

    it('creates, modifies and deletes user and project policies', async () => {
      const user = await database.identity.policies.user.create({ name: 'heavy', maxVfolderCount: 9 });
      expect(user).to.deep.include({
        name: 'heavy',
        maxVfolderCount: 9,
        maxQuotaScopeSize: -1,
        maxSessionCountPerModelSession: 10,
        maxCustomizedImageCount: 3,
      });
      expect(
        (await database.identity.policies.user.modify('heavy', { maxQuotaScopeSize: 2 ** 41 }))
          .maxQuotaScopeSize,
      ).to.equal(2 ** 41);
      expect((await database.identity.policies.user.list()).map((p) => p.name)).to.deep.equal([
        'default',
        'heavy',
      ]);
      await database.identity.policies.user.delete('heavy');
      const project = await database.identity.policies.project.create({ name: 'team' });
      expect(project).to.deep.include({ maxVfolderCount: 0, maxQuotaScopeSize: -1, maxNetworkCount: 3 });
      expect(
        (await database.identity.policies.project.modify('team', { maxNetworkCount: 5 })).maxNetworkCount,
      ).to.equal(5);
      await database.identity.policies.project.delete('team');
      expect(await database.identity.policies.project.get('team')).to.equal(null);
      expect((await tesseraFailure(database.identity.policies.project.delete('team'))).code).to.equal(
        'object-not-found',
      );
    });
  });
});
