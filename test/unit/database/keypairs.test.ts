import { expect } from 'chai';
import { openDatabase } from './support/open-database';

describe('database: keypairs', () => {
  it('reads the example keypair with its user, domain and policy when fixtures are on', async () => {
    const { database } = await openDatabase({ exampleFixtures: true });
    try {
      expect(await database.keypairs.findByAccessKey('AKIAIOSFODNN7EXAMPLE')).to.deep.equal({
        accessKey: 'AKIAIOSFODNN7EXAMPLE',
        secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
        userEmail: 'admin@lablup.com',
        userRole: 'superadmin',
        domainName: 'default',
        isActive: true,
        isAdmin: true,
        rateLimit: 30000,
        resourcePolicy: 'default',
      });
      expect(await database.keypairs.findByAccessKey('AKIANOSUCHKEYEXAMPLE')).to.equal(null);
    } finally {
      await database.close();
    }
  });

  it('has no keypair at all without the example fixtures', async () => {
    const { database } = await openDatabase({ exampleFixtures: false });
    try {
      expect(await database.keypairs.findByAccessKey('AKIAIOSFODNN7EXAMPLE')).to.equal(null);
    } finally {
      await database.close();
    }
  });
});
