import { expect } from 'chai';
import { describeOnDrivers, exampleFixture, type OpenDatabase } from '../support/database-drivers';

describeOnDrivers('database: keypairs', (harness) => {
  let db: OpenDatabase;

  beforeEach(async () => {
    db = await harness.open();
  });
  afterEach(() => db.database.close());

  it('reads a keypair with its user, domain and policy once the example fixture is loaded', async () => {
    const { database } = db;
    expect(await database.keypairs.findByAccessKey('AKIATESSERAFIXTURE01')).to.equal(null);
    await database.fixtures.populate(exampleFixture());
    expect(await database.keypairs.findByAccessKey('AKIATESSERAFIXTURE01')).to.deep.equal({
      accessKey: 'AKIATESSERAFIXTURE01',
      secretKey: 'tesseraFixtureAdminSecretNotForProd01',
      userId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
      userEmail: 'admin@lablup.com',
      userRole: 'superadmin',
      domainName: 'default',
      isActive: true,
      isAdmin: true,
      rateLimit: 30000,
      resourcePolicy: 'default',
    });
    expect(await database.keypairs.findByAccessKey('AKIAEXAMPLEUSERKEY01')).to.deep.include({
      userEmail: 'user@lablup.com',
      userRole: 'user',
      isAdmin: false,
      resourcePolicy: 'gpu-limited',
    });
    expect(await database.keypairs.findByAccessKey('AKIANOSUCHKEYEXAMPLE')).to.equal(null);
  });
});
