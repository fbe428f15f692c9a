import { expect } from 'chai';
import type { ConfigStore } from '@tessera/core';
import { createSession, signedCall, statusReached } from '../manager/graphql-harness';
import { bootManager, type ManagerDeployment } from '../manager/support/manager-deployment';
import { ALICE, populateTenants, SUPERADMIN } from './support/resource-tenants';

describe('manager resources: GET and PUT /manager/status', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootManager({
      features: [{ package: '@tessera/manager-resources' }, { package: '@tessera/manager-identity' }],
    });
    await populateTenants(deployment);
  });
  after(async () => {
    await deployment?.stop();
  });

  const call = (caller: typeof ALICE, method: string, body?: unknown) =>
    signedCall(deployment.endpoint, caller, method, '/manager/status', body);

  it('answers the status, the node and the number of active sessions to any signed caller', async () => {
    const before = await call(ALICE, 'GET');
    expect(before.status).to.equal(200);
    expect(before.body).to.deep.include({ status: 'running', active_sessions: 0 });
    const sessionId = await createSession(deployment, SUPERADMIN, 'counted');
    await statusReached(deployment, sessionId, 'RUNNING');
    const after = await call(ALICE, 'GET');
    expect(after.body['active_sessions']).to.equal(1);
    const nodes = after.body['nodes'] as Array<Record<string, unknown>>;
    expect(nodes).to.have.length(1);
    expect(nodes[0]).to.deep.include({
      status: 'running',
      active_sessions: 1,
      version: '0.1.0',
      num_proc: 1,
    });
  });

  it('refuses PUT from a user who is not a superadmin, and changes nothing', async () => {
    const answer = await call(ALICE, 'PUT', { status: 'frozen' });
    expect(answer.status).to.equal(403);
    expect(answer.body['title']).to.match(/Only superadmins may change the manager status/);
    expect((await call(ALICE, 'GET')).body['status']).to.equal('running');
  });

  it('lets a superadmin freeze and unfreeze, kept in the config store for every manager', async () => {
    const store = deployment.test.kernel.resolve<ConfigStore>('config-store');
    expect((await call(SUPERADMIN, 'PUT', { status: 'frozen' })).status).to.equal(204);
    expect((await call(ALICE, 'GET')).body['status']).to.equal('frozen');
    expect(await store.get('manager/status')).to.equal('frozen');
    expect((await call(SUPERADMIN, 'PUT', { status: 'running' })).status).to.equal(204);
    expect((await call(ALICE, 'GET')).body['status']).to.equal('running');
  });

  it('refuses new sessions with 503 server-frozen while frozen, and takes them again once running', async () => {
    expect((await call(SUPERADMIN, 'PUT', { status: 'frozen' })).status).to.equal(204);
    try {
      const refused = await signedCall(deployment.endpoint, ALICE, 'POST', '/session', {
        image: 'python',
        clientSessionToken: 'during-maintenance',
      });
      expect(refused.status).to.equal(503);
      expect(refused.body['type']).to.equal('https://api.backend.ai/probs/server-frozen');
      expect(await deployment.db.sessions.findActiveByName(ALICE.accessKey, 'during-maintenance')).to.equal(
        null,
      );
    } finally {
      expect((await call(SUPERADMIN, 'PUT', { status: 'running' })).status).to.equal(204);
    }
    const sessionId = await createSession(deployment, ALICE, 'after-maintenance');
    await statusReached(deployment, sessionId, 'RUNNING');
  });

  it('refuses admin GraphQL mutations with 503 server-frozen while frozen, answers queries, and changes nothing', async () => {
    const mutation = `mutation { create_domain(name: "frozen-lab", props: {description: "x"}) { ok msg } }`;
    expect((await call(SUPERADMIN, 'PUT', { status: 'frozen' })).status).to.equal(204);
    try {
      for (const path of ['/admin/graphql', '/admin/gql']) {
        const refused = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', path, { query: mutation });
        expect(refused.status, path).to.equal(503);
        expect(refused.body['type']).to.equal('https://api.backend.ai/probs/server-frozen');
      }
      expect(await deployment.db.identity.domains.get('frozen-lab')).to.equal(null);
      const read = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/admin/gql', {
        query: '{ domains { name } }',
      });
      expect(read.status).to.equal(200);
      expect(
        (read.body['data'] as { domains: Array<{ name: string }> }).domains.map((d) => d.name),
      ).to.include('default');
    } finally {
      expect((await call(SUPERADMIN, 'PUT', { status: 'running' })).status).to.equal(204);
    }
    const done = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/admin/gql', { query: mutation });
    expect(done.body['data']).to.deep.equal({ create_domain: { ok: true, msg: 'success' } });
  });

  it('names the field of a bad status body', async () => {
    const unknown = await call(SUPERADMIN, 'PUT', { status: 'paused' });
    expect(unknown.status).to.equal(400);
    expect(unknown.body['title']).to.match(/status/);
    const missing = await call(SUPERADMIN, 'PUT', {});
    expect(missing.status).to.equal(400);
    expect(missing.body['title']).to.equal('Missing parameter "status"');
    const kill = await call(SUPERADMIN, 'PUT', { status: 'frozen', force_kill: true });
    expect(kill.status).to.equal(400);
    expect(kill.body['title']).to.match(/force_kill/);
    expect((await call(ALICE, 'GET')).body['status']).to.equal('running');
  });
});
