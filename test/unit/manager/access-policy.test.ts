import { expect } from 'chai';
import { TesseraError, type KeypairRecord } from '@tessera/core';
import { AccessPolicy, roleOf, type AccessRules, type AccessTarget } from '@tessera/manager';
import { IDENTITY_ACCESS } from '@tessera/manager-identity';

function caller(role: KeypairRecord['userRole'], domainName = 'default', extra: Partial<KeypairRecord> = {}) {
  return {
    accessKey: `AKIA${role.toUpperCase()}`,
    secretKey: 'secret',
    userId: `${role}-uuid`,
    userEmail: `${role}@${domainName}.test`,
    userRole: role,
    domainName,
    isActive: true,
    isAdmin: role === 'admin' || role === 'superadmin',
    rateLimit: 1000,
    resourcePolicy: 'default',
    ...extra,
  } satisfies KeypairRecord;
}

const SUPERADMIN = caller('superadmin');
const ADMIN = caller('admin');
const USER = caller('user');
const MONITOR = caller('monitor');
const OTHER_ADMIN = caller('admin', 'lab');

const TABLE: AccessRules = {
  'thing.read': {
    description: 'read things',
    roles: { superadmin: 'any', admin: 'domain', user: 'self', monitor: 'any' },
  },
  'thing.write': { description: 'write things', roles: { superadmin: 'any', admin: 'domain' } },
  'team.read': { description: 'read teams', roles: { superadmin: 'any', user: 'member' } },
  'root.only': { description: 'do root things', roles: { superadmin: 'any' } },
};

/** The refusal's message, or null when allowed. */
function refusal(
  policy: AccessPolicy,
  who: KeypairRecord,
  action: string,
  target?: AccessTarget,
): string | null {
  try {
    policy.authorize(who, action, target);
    return null;
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    expect((error as TesseraError).code).to.equal('forbidden');
    return (error as Error).message;
  }
}

describe('manager: the permission table (AccessPolicy)', () => {
  const policy = new AccessPolicy([TABLE]);

  it('reads the role from the user role, an admin keypair making a domain admin', () => {
    expect(roleOf(SUPERADMIN)).to.equal('superadmin');
    expect(roleOf(ADMIN)).to.equal('admin');
    expect(roleOf(USER)).to.equal('user');
    expect(roleOf(MONITOR)).to.equal('monitor');
    expect(roleOf(caller('user', 'default', { isAdmin: true }))).to.equal('admin');
    expect(roleOf(caller('monitor', 'default', { isAdmin: true }))).to.equal('monitor');
  });

  it('lets a superadmin do every action anywhere, without a target', () => {
    for (const action of Object.keys(TABLE)) {
      expect(policy.authorize(SUPERADMIN, action, { domainName: 'lab' })).to.equal('any');
      expect(policy.authorize(SUPERADMIN, action)).to.equal('any');
    }
  });

  it('refuses a role the rule does not name, naming the action and the role', () => {
    expect(refusal(policy, ADMIN, 'root.only', { domainName: 'default' })).to.equal(
      'An admin may not do root things (action root.only)',
    );
    expect(refusal(policy, MONITOR, 'thing.write', { domainName: 'default' })).to.contain('thing.write');
    expect(
      refusal(policy, USER, 'thing.write', { domainName: 'default', userEmail: USER.userEmail }),
    ).to.contain('A user may not write things');
  });

  it('keeps a domain admin to its own domain and away from superadmins', () => {
    expect(policy.authorize(ADMIN, 'thing.write', { domainName: 'default', role: 'user' })).to.equal(
      'domain',
    );
    expect(refusal(policy, ADMIN, 'thing.write', { domainName: 'lab' })).to.contain('within its own domain');
    expect(refusal(policy, OTHER_ADMIN, 'thing.write', { domainName: 'default' })).to.contain(
      'domain "default"',
    );
    expect(refusal(policy, ADMIN, 'thing.write', { domainName: 'default', role: 'superadmin' })).to.contain(
      'never for a superadmin',
    );
  });

  it('refuses a domain-scoped action whose target names no domain (never assumed to pass)', () => {
    expect(refusal(policy, ADMIN, 'thing.write')).to.not.equal(null);
    expect(refusal(policy, ADMIN, 'thing.write', { userEmail: 'someone@default.test' })).to.not.equal(null);
  });

  it('keeps a user to itself: every identity field given must name the caller', () => {
    expect(policy.authorize(USER, 'thing.read', { userEmail: USER.userEmail })).to.equal('self');
    expect(
      policy.authorize(USER, 'thing.read', { accessKey: USER.accessKey, domainName: 'default' }),
    ).to.equal('self');
    expect(policy.authorize(USER, 'thing.read', { resourcePolicy: 'default' })).to.equal('self');
    expect(refusal(policy, USER, 'thing.read', { userEmail: 'bob@default.test' })).to.contain(
      'only for itself',
    );
    expect(
      refusal(policy, USER, 'thing.read', { userEmail: USER.userEmail, accessKey: 'AKIAOTHER' }),
    ).to.not.equal(null);
    expect(
      refusal(policy, USER, 'thing.read', { userEmail: USER.userEmail, domainName: 'lab' }),
    ).to.not.equal(null);
    expect(refusal(policy, USER, 'thing.read', { domainName: 'default' })).to.not.equal(null);
    expect(refusal(policy, USER, 'thing.read')).to.not.equal(null);
  });

  it('lets a member read its projects only', () => {
    expect(policy.authorize(USER, 'team.read', { domainName: 'default', members: [USER.userId] })).to.equal(
      'member',
    );
    expect(refusal(policy, USER, 'team.read', { domainName: 'default', members: ['someone'] })).to.not.equal(
      null,
    );
    expect(refusal(policy, USER, 'team.read', { domainName: 'lab', members: [USER.userId] })).to.not.equal(
      null,
    );
  });

  it('answers scopes and allows() without throwing', () => {
    expect(policy.scopeOf(ADMIN, 'thing.read')).to.equal('domain');
    expect(policy.scopeOf(MONITOR, 'thing.write')).to.equal(null);
    expect(policy.allows(MONITOR, 'thing.read', { domainName: 'lab' })).to.equal(true);
    expect(policy.allows(USER, 'thing.read', { userEmail: 'x@y' })).to.equal(false);
  });

  it('refuses an action twice defined, and throws for an unknown action', () => {
    expect(() => new AccessPolicy([TABLE, { 'thing.read': TABLE['thing.read']! }])).to.throw(/defined twice/);
    expect(() => policy.authorize(SUPERADMIN, 'nothing.here')).to.throw(/not in the permission table/);
    expect(policy.has('thing.read')).to.equal(true);
    expect(policy.entries().map(([name]) => name)).to.deep.equal([
      'root.only',
      'team.read',
      'thing.read',
      'thing.write',
    ]);
  });

  describe("the identity plugin's actions", () => {
    const identity = new AccessPolicy([IDENTITY_ACCESS]);
    const writes = Object.keys(IDENTITY_ACCESS).filter((action) =>
      /\.(create|modify|delete|purge)$/.test(action),
    );

    it('keep domains and policies to superadmins', () => {
      for (const action of writes.filter((a) => a.startsWith('domain.') || a.startsWith('policy.'))) {
        expect(identity.allows(SUPERADMIN, action, { domainName: 'default' }), action).to.equal(true);
        for (const who of [ADMIN, USER, MONITOR])
          expect(
            identity.allows(who, action, { domainName: 'default' }),
            `${who.userRole} ${action}`,
          ).to.equal(false);
      }
    });

    it("let a domain admin write its own domain's users, projects and keypairs, and nothing else", () => {
      for (const action of writes.filter((a) => /^(user|project|keypair)\./.test(a))) {
        expect(identity.allows(ADMIN, action, { domainName: 'default', role: 'user' }), action).to.equal(
          true,
        );
        expect(identity.allows(ADMIN, action, { domainName: 'lab', role: 'user' }), action).to.equal(false);
        expect(
          identity.allows(ADMIN, action, { domainName: 'default', role: 'superadmin' }),
          action,
        ).to.equal(false);
        expect(identity.allows(OTHER_ADMIN, action, { domainName: 'default' }), action).to.equal(false);
      }
    });

    it('let users and monitors write nothing but their own password', () => {
      for (const action of writes) {
        for (const who of [USER, MONITOR])
          expect(
            identity.allows(who, action, {
              domainName: 'default',
              userEmail: who.userEmail,
              userId: who.userId,
            }),
            `${who.userRole} ${action}`,
          ).to.equal(false);
      }
      for (const who of [USER, MONITOR, ADMIN, SUPERADMIN]) {
        expect(identity.allows(who, 'auth.update-password', { userEmail: who.userEmail })).to.equal(true);
        expect(identity.allows(who, 'auth.update-password', { userEmail: 'other@default.test' })).to.equal(
          false,
        );
      }
    });

    it('let monitors read across domains, and show secret keys only to owners and superadmins', () => {
      for (const action of ['domain.read', 'project.read', 'user.read', 'keypair.read', 'policy.read'])
        expect(identity.allows(MONITOR, action, { domainName: 'lab' }), action).to.equal(true);
      const bobsKeypair = { domainName: 'default', userEmail: 'bob@default.test', userId: 'bob-uuid' };
      expect(identity.allows(SUPERADMIN, 'keypair.read-secret', bobsKeypair)).to.equal(true);
      for (const who of [ADMIN, USER, MONITOR])
        expect(identity.allows(who, 'keypair.read-secret', bobsKeypair), who.userRole).to.equal(false);
      expect(
        identity.allows(USER, 'keypair.read-secret', {
          domainName: 'default',
          userEmail: USER.userEmail,
          userId: USER.userId,
        }),
      ).to.equal(true);
    });
  });
});
