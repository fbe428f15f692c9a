import { expect } from 'chai';
import {
  ALICE,
  authorize,
  bootIdentityManager,
  DEFAULT_GROUP,
  DOMAIN_ADMIN,
  eventually,
  expectProblem,
  LOGIN,
  MONITOR,
  PASSWORD,
  publicPost,
  signedCall,
  SUPERADMIN,
  type ManagerDeployment,
} from './support/identity-harness';

const login = (username: string, password = PASSWORD, domain = 'default') => ({
  type: 'keypair',
  domain,
  username,
  password,
});

describe('manager-identity: the /auth routes (upstream api/auth.py)', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootIdentityManager({ loginMaxFailures: 3, loginLockSeconds: 300 });
  });
  after(async () => {
    await deployment?.stop();
  });

  describe('POST /auth/authorize', () => {
    it("answers the user's active keypair, role and status for the right password", async () => {
      const answer = await authorize(deployment.endpoint, login(LOGIN.carol.email));
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect(answer.body).to.deep.equal({
        data: {
          access_key: LOGIN.carol.keypair.accessKey,
          secret_key: LOGIN.carol.keypair.secretKey,
          role: 'user',
          status: 'active',
        },
      });
      // The keypair it answers signs requests.
      const role = await signedCall(deployment.endpoint, LOGIN.carol.keypair, 'GET', '/auth/role');
      expect(role.status).to.equal(200);
    });

    it('refuses a wrong password, an unknown user and another domain alike (401 auth-failed)', async () => {
      for (const body of [
        login(LOGIN.dave.email, 'not-the-password'),
        login('nobody@lablup.com'),
        login(LOGIN.dave.email, PASSWORD, 'lab'),
      ]) {
        const answer = await authorize(deployment.endpoint, body);
        expectProblem(answer, 401, 'auth-failed');
        expect(answer.body['title']).to.contain('User credential mismatch.');
        expect(JSON.stringify(answer.body)).to.not.contain('secret');
      }
    });

    it('refuses inactive and deleted users as a mismatch, unverified ones asking for verification', async () => {
      for (const email of [LOGIN.inactive.email, LOGIN.deleted.email]) {
        const answer = await authorize(deployment.endpoint, login(email));
        expectProblem(answer, 401, 'auth-failed');
        expect(answer.body['title']).to.contain('User credential mismatch.');
      }
      const unverified = await authorize(deployment.endpoint, login(LOGIN.unverified.email));
      expectProblem(unverified, 401, 'auth-failed');
      expect(unverified.body['title']).to.contain('needs email verification');
    });

    it('validates the body, naming the field', async () => {
      const missing = await authorize(deployment.endpoint, {
        type: 'keypair',
        domain: 'default',
        username: 'x',
      });
      expectProblem(missing, 400, 'invalid-api-params');
      expect(missing.body['title']).to.equal('Missing parameter "password"');
      const wrongType = await authorize(deployment.endpoint, { ...login('x'), password: 42 });
      expectProblem(wrongType, 400, 'invalid-api-params');
      expect(wrongType.body['title']).to.contain('password');
      const jwt = await authorize(deployment.endpoint, { ...login('x'), type: 'jwt' });
      expectProblem(jwt, 400, 'invalid-api-params');
      expect(jwt.body['title']).to.contain('type');
      const broken = await publicPost(deployment.endpoint, '/auth/authorize', '{"type":');
      expectProblem(broken, 400, 'invalid-api-params');
    });

    it('locks an account after loginMaxFailures failures, even for the right password; others are untouched', async () => {
      const email = LOGIN.erin.email;
      for (let i = 0; i < 2; i++)
        expectProblem(await authorize(deployment.endpoint, login(email, 'wrong')), 401, 'auth-failed');
      const third = await authorize(deployment.endpoint, login(email, 'wrong'));
      expectProblem(third, 429, 'too-many-requests');
      expect(third.body['title']).to.match(/locked; try again in \d+ seconds/);
      const right = await authorize(deployment.endpoint, login(email));
      expectProblem(right, 429, 'too-many-requests');
      expect(JSON.stringify(right.body)).to.not.contain(LOGIN.erin.keypair.secretKey);
      // Another account still logs in.
      expect((await authorize(deployment.endpoint, login(LOGIN.carol.email))).status).to.equal(200);
    });
  });

  describe('GET /auth/role', () => {
    it("answers the caller's global and domain role", async () => {
      const superadmin = await signedCall(deployment.endpoint, SUPERADMIN, 'GET', '/auth/role');
      expect(superadmin.body).to.deep.equal({
        global_role: 'superadmin',
        domain_role: 'admin',
        group_role: null,
      });
      const admin = await signedCall(deployment.endpoint, DOMAIN_ADMIN, 'GET', '/auth/role');
      expect(admin.body).to.deep.equal({ global_role: 'user', domain_role: 'admin', group_role: null });
      const user = await signedCall(deployment.endpoint, ALICE, 'GET', '/auth/role');
      expect(user.body).to.deep.equal({ global_role: 'user', domain_role: 'user', group_role: null });
      const monitor = await signedCall(deployment.endpoint, MONITOR, 'GET', '/auth/role');
      expect(monitor.body).to.deep.equal({ global_role: 'user', domain_role: 'user', group_role: null });
    });

    it('answers the group role in a project the caller belongs to, 404 for one it does not', async () => {
      const member = await signedCall(
        deployment.endpoint,
        SUPERADMIN,
        'GET',
        `/auth/role?group=${DEFAULT_GROUP}`,
      );
      expect(member.body).to.deep.equal({
        global_role: 'superadmin',
        domain_role: 'admin',
        group_role: 'user',
      });
      const outsider = await signedCall(
        deployment.endpoint,
        ALICE,
        'GET',
        `/auth/role?group=${DEFAULT_GROUP}`,
      );
      expectProblem(outsider, 404, 'object-not-found');
      const bad = await signedCall(deployment.endpoint, ALICE, 'GET', '/auth/role?group=not-a-uuid');
      expectProblem(bad, 400, 'invalid-api-params');
      expect(bad.body['title']).to.contain('group');
    });

    it('refuses an unsigned request', async () => {
      const response = await fetch(new URL('/auth/role', deployment.endpoint));
      expect(response.status).to.equal(401);
    });
  });

  describe('POST /auth/update-password', () => {
    const updateDavesPassword = (body: Record<string, string>) =>
      signedCall(deployment.endpoint, LOGIN.dave.keypair, 'POST', '/auth/update-password', body);

    it('refuses a wrong old password (401) and two different new ones (400 naming new_password2), changing nothing', async () => {
      const wrongOld = await updateDavesPassword({
        old_password: 'nope',
        new_password: 'next-password',
        new_password2: 'next-password',
      });
      expectProblem(wrongOld, 401, 'auth-failed');
      expect(wrongOld.body['title']).to.contain('Old password mismatch');
      const mismatch = await updateDavesPassword({
        old_password: PASSWORD,
        new_password: 'next-password',
        new_password2: 'other-password',
      });
      expectProblem(mismatch, 400, 'invalid-api-params');
      expect(mismatch.body['title']).to.contain('new_password2');
      const missing = await updateDavesPassword({
        old_password: PASSWORD,
        new_password: 'next-password',
      });
      expectProblem(missing, 400, 'invalid-api-params');
      expect(missing.body['title']).to.equal('Missing parameter "new_password2"');
      expect((await authorize(deployment.endpoint, login(LOGIN.dave.email))).status).to.equal(200);
    });

    it('changes the password: the new one logs in, the old one no more', async () => {
      const changed = await updateDavesPassword({
        old_password: PASSWORD,
        new_password: 'next-password',
        new_password2: 'next-password',
      });
      expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
      expect(changed.body).to.deep.equal({});
      expect(
        (await authorize(deployment.endpoint, login(LOGIN.dave.email, 'next-password'))).status,
      ).to.equal(200);
      expectProblem(await authorize(deployment.endpoint, login(LOGIN.dave.email)), 401, 'auth-failed');
      const user = await deployment.db.identity.users.getByEmail(LOGIN.dave.email);
      expect(user!.needPasswordChange).to.equal(false);
      expect(user!.passwordChangedAt).to.be.instanceOf(Date);
    });
  });

  describe('POST /auth/signout', () => {
    it('refuses another account (403) and a wrong password (400), leaving the account active', async () => {
      const other = await signedCall(deployment.endpoint, ALICE, 'POST', '/auth/signout', {
        email: LOGIN.carol.email,
        password: PASSWORD,
      });
      expectProblem(other, 403, 'forbidden');
      const wrong = await signedCall(deployment.endpoint, LOGIN.carol.keypair, 'POST', '/auth/signout', {
        email: LOGIN.carol.email,
        password: 'wrong',
      });
      expectProblem(wrong, 400, 'generic-bad-request');
      const missing = await signedCall(deployment.endpoint, LOGIN.carol.keypair, 'POST', '/auth/signout', {
        password: PASSWORD,
      });
      expectProblem(missing, 400, 'invalid-api-params');
      expect(missing.body['title']).to.equal('Missing parameter "email"');
      expect((await deployment.db.identity.users.getByEmail(LOGIN.carol.email))!.status).to.equal('active');
    });

    it('makes the account and its keypairs inactive, as upstream does; login then fails', async () => {
      const answer = await signedCall(deployment.endpoint, LOGIN.carol.keypair, 'POST', '/auth/signout', {
        username: LOGIN.carol.email,
        password: PASSWORD,
      });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect((await deployment.db.identity.users.getByEmail(LOGIN.carol.email))!.status).to.equal('inactive');
      expect((await deployment.db.identity.keypairs.get(LOGIN.carol.keypair.accessKey))!.isActive).to.equal(
        false,
      );
      expectProblem(await authorize(deployment.endpoint, login(LOGIN.carol.email)), 401, 'auth-failed');
    });
  });
});

describe('manager-identity: password expiry (maxPasswordAgeDays)', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;

  before(async () => {
    // Three seconds: the accounts' passwords, set when the fixtures loaded, expire during the test.
    deployment = await bootIdentityManager({ maxPasswordAgeDays: 3 / 86_400 });
  });
  after(async () => {
    await deployment?.stop();
  });

  it('refuses an expired password with password-expired until it is changed without a keypair', async () => {
    let expired: Awaited<ReturnType<typeof authorize>> | undefined;
    await eventually(
      async () => {
        expired = await authorize(deployment.endpoint, login(LOGIN.dave.email));
        return expired.status !== 200;
      },
      'the password to expire',
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expectProblem(expired!, 401, 'password-expired');
    expect(expired!.body['title']).to.contain('update-password-no-auth');
    expect(JSON.stringify(expired!.body)).to.not.contain(LOGIN.dave.keypair.secretKey);

    const same = await publicPost(deployment.endpoint, '/auth/update-password-no-auth', {
      domain: 'default',
      username: LOGIN.dave.email,
      current_password: PASSWORD,
      new_password: PASSWORD,
    });
    expectProblem(same, 401, 'auth-failed');
    const wrong = await publicPost(deployment.endpoint, '/auth/update-password-no-auth', {
      domain: 'default',
      username: LOGIN.dave.email,
      current_password: 'wrong',
      new_password: 'renewed-password',
    });
    expectProblem(wrong, 401, 'auth-failed');
    const renewed = await publicPost(deployment.endpoint, '/auth/update-password-no-auth', {
      domain: 'default',
      username: LOGIN.dave.email,
      current_password: PASSWORD,
      new_password: 'renewed-password',
    });
    expect(renewed.status, JSON.stringify(renewed.body)).to.equal(201);
    expect(Date.parse(renewed.body['password_changed_at'] as string)).to.be.a('number').and.not.NaN;
    const again = await authorize(deployment.endpoint, login(LOGIN.dave.email, 'renewed-password'));
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
  });
});
