import { expect } from 'chai';
import type { KeypairRecord } from '@tessera/core';
import { TesseraError } from '@tessera/core';
import { AccessPolicy, seesAgents } from '@tessera/manager';
import { scopeSessions as scopeWith, SESSIONS_ACCESS, type SessionScope } from '@tessera/manager-sessions';

function keypair(
  accessKey: string,
  userRole: KeypairRecord['userRole'],
  domainName: string,
  isAdmin = false,
): KeypairRecord {
  return {
    accessKey,
    secretKey: 'secret',
    userId: `user-of-${accessKey}`,
    userEmail: `${accessKey}@example.com`,
    userRole,
    domainName,
    isActive: true,
    isAdmin,
    rateLimit: 0,
    resourcePolicy: 'default',
  };
}

const ACCESS = new AccessPolicy([SESSIONS_ACCESS]);
const scopeSessions = (caller: KeypairRecord, asked?: SessionScope) => scopeWith(caller, ACCESS, asked);

const SUPERADMIN = keypair('AKIASUPER', 'superadmin', 'default', true);
const DOMAIN_ADMIN = keypair('AKIAADMIN', 'admin', 'default');
const ADMIN_KEYPAIR = keypair('AKIAADMINKEY', 'user', 'default', true);
const USER = keypair('AKIAUSER', 'user', 'default');
const MONITOR = keypair('AKIAMONITOR', 'monitor', 'default');

function refusal(run: () => unknown): TesseraError {
  try {
    run();
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('the scope was granted');
}

describe('GraphQL session access scoping (api-spec §8.1 two access modes)', () => {
  it('lets a superadmin see everything; the filters asked for only narrow', () => {
    expect(scopeSessions(SUPERADMIN)).to.deep.equal({});
    expect(
      scopeSessions(SUPERADMIN, { domainName: 'lab', accessKey: 'AKIAOTHER', groupId: 'g' }),
    ).to.deep.equal({
      domainName: 'lab',
      accessKey: 'AKIAOTHER',
      groupId: 'g',
    });
  });

  it('confines a domain admin (admin role or admin keypair) to its domain, any access key in it', () => {
    for (const admin of [DOMAIN_ADMIN, ADMIN_KEYPAIR]) {
      expect(scopeSessions(admin)).to.deep.equal({ domainName: 'default' });
      expect(scopeSessions(admin, { accessKey: 'AKIAOTHER', groupId: 'g' })).to.deep.equal({
        domainName: 'default',
        accessKey: 'AKIAOTHER',
        groupId: 'g',
      });
    }
  });

  it('refuses a domain admin another domain', () => {
    const error = refusal(() => scopeSessions(DOMAIN_ADMIN, { domainName: 'lab' }));
    expect(error.code).to.equal('forbidden');
    expect(error.message).to.equal(
      'An admin may read sessions only within its own domain, never for a superadmin (action session.read on domain "lab")',
    );
  });

  it('confines users and monitors to their own access key and domain', () => {
    for (const user of [USER, MONITOR]) {
      expect(scopeSessions(user)).to.deep.equal({ domainName: 'default', accessKey: user.accessKey });
      expect(
        scopeSessions(user, { accessKey: user.accessKey, domainName: 'default', groupId: 'g' }),
      ).to.deep.equal({
        domainName: 'default',
        accessKey: user.accessKey,
        groupId: 'g',
      });
    }
  });

  it('refuses a user another access key or another domain', () => {
    expect(refusal(() => scopeSessions(USER, { accessKey: 'AKIAOTHER' })).message).to.equal(
      'A user may read sessions only for itself (action session.read on domain "default", access key "AKIAOTHER")',
    );
    expect(refusal(() => scopeSessions(USER, { domainName: 'lab' })).code).to.equal('forbidden');
  });

  it('shows agent ids to superadmins only while hide-agents is on (the default), to everybody when off', () => {
    expect(seesAgents(SUPERADMIN, true)).to.equal(true);
    for (const other of [DOMAIN_ADMIN, ADMIN_KEYPAIR, USER, MONITOR]) {
      expect(seesAgents(other, true)).to.equal(false);
      expect(seesAgents(other, false)).to.equal(true);
    }
  });
});
