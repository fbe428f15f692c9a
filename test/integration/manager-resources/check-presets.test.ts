import { expect } from 'chai';
import { createSession, signedCall, statusReached } from '../manager/graphql-harness';
import { bootManager, type ManagerDeployment } from '../manager/support/manager-deployment';
import { ALICE, BOB, populateTenants, SUPERADMIN } from './support/resource-tenants';

const GIB = 1024 ** 3;

describe('manager resources: presets and check-presets', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootManager({
      features: [{ package: '@tessera/manager-resources', config: { groupResourceVisibility: true } }],
    });
    await populateTenants(deployment);
  });
  after(async () => {
    await deployment?.stop();
  });

  const call = (caller = SUPERADMIN, method = 'GET', path = '/', body?: unknown) =>
    signedCall(deployment.endpoint, caller, method, path, body);

  it('lists every preset with its slots over the known slot types and shared memory in bytes', async () => {
    const answer = await call(ALICE, 'GET', '/resource/presets');
    expect(answer.status).to.equal(200);
    expect(answer.body['presets']).to.deep.equal([
      { name: '01-small', shared_memory: null, resource_slots: { cpu: '1', mem: String(GIB) } },
      {
        name: '02-medium',
        shared_memory: String(GIB / 2),
        resource_slots: { cpu: '2', mem: String(4 * GIB) },
      },
      { name: '03-large', shared_memory: String(GIB), resource_slots: { cpu: '4', mem: String(8 * GIB) } },
      { name: 'research-gpu', shared_memory: null, resource_slots: { cpu: '1', mem: String(GIB) } },
    ]);
  });

  it('refuses an unsigned preset list with 401', async () => {
    const response = await fetch(`${deployment.endpoint}/resource/presets`);
    expect(response.status).to.equal(401);
  });

  it('answers check-presets from the policy and the free agent: all fit the empty 4-cpu agent', async () => {
    const answer = await call(SUPERADMIN, 'POST', '/resource/check-presets', { group: 'default' });
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.include({
      keypair_limits: { cpu: 'Infinity', mem: 'Infinity' },
      keypair_using: { cpu: '0', mem: '0' },
      keypair_remaining: { cpu: 'Infinity', mem: 'Infinity' },
      group_limits: { cpu: 'Infinity', mem: 'Infinity' },
      group_using: { cpu: '0', mem: '0' },
      scaling_group_remaining: { cpu: '4', mem: String(8 * GIB) },
      scaling_groups: {
        default: { using: { cpu: '0', mem: '0' }, remaining: { cpu: '4', mem: String(8 * GIB) } },
      },
    });
    expect(allocatable(answer.body)).to.deep.equal({ '01-small': true, '02-medium': true, '03-large': true });
  });

  it('counts a running session: using goes up, remaining down, and the large preset no longer fits', async () => {
    const sessionId = await createSession(deployment, SUPERADMIN, 'occupies-one-cpu', {
      config: { resources: { cpu: 1, mem: '1g' } },
    });
    await statusReached(deployment, sessionId, 'RUNNING');
    const answer = await call(SUPERADMIN, 'POST', '/resource/check-presets', { group: 'default' });
    expect(answer.body).to.deep.include({
      keypair_using: { cpu: '1', mem: String(GIB) },
      group_using: { cpu: '1', mem: String(GIB) },
      scaling_group_remaining: { cpu: '3', mem: String(7 * GIB) },
    });
    expect(answer.body['scaling_groups']).to.deep.equal({
      default: { using: { cpu: '1', mem: String(GIB) }, remaining: { cpu: '3', mem: String(7 * GIB) } },
    });
    expect(allocatable(answer.body)).to.deep.equal({
      '01-small': true,
      '02-medium': true,
      '03-large': false,
    });

    // Alice's own figures do not include the admin's session, but the agent's room does.
    const alice = await call(ALICE, 'POST', '/resource/check-presets', { group: 'default' });
    expect(alice.body['keypair_using']).to.deep.equal({ cpu: '0', mem: '0' });
    expect(alice.body['scaling_groups']).to.deep.include({
      default: { using: { cpu: '0', mem: '0' }, remaining: { cpu: '3', mem: String(6 * GIB) } },
    });
  });

  it("lowers keypair_remaining to the project's limit and lists the project's resource groups", async () => {
    const answer = await call(ALICE, 'POST', '/resource/check-presets', { group: 'research' });
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.include({
      keypair_limits: { cpu: '3', mem: String(6 * GIB) },
      keypair_remaining: { cpu: '2', mem: String(6 * GIB) },
      group_limits: { cpu: '2', mem: 'Infinity' },
      group_remaining: { cpu: '2', mem: 'Infinity' },
    });
    expect(Object.keys(answer.body['scaling_groups'] as object)).to.deep.equal(['default', 'research-pool']);
    expect(allocatable(answer.body)).to.deep.equal({
      '01-small': true,
      '02-medium': true,
      '03-large': false,
      // A preset of research-pool counts only that group's agents, and it has none.
      'research-gpu': false,
    });
  });

  it('narrows to one resource group with scaling_group', async () => {
    const answer = await call(ALICE, 'POST', '/resource/check-presets', {
      group: 'research',
      scaling_group: 'research-pool',
    });
    expect(answer.status).to.equal(200);
    expect(answer.body['scaling_group_remaining']).to.deep.equal({ cpu: '0', mem: '0' });
    expect(Object.values(allocatable(answer.body))).to.deep.equal([false, false, false, false]);
  });

  it('refuses a resource group the caller may not use, naming it and the allowed ones', async () => {
    const answer = await call(ALICE, 'POST', '/resource/check-presets', {
      group: 'default',
      scaling_group: 'hidden-pool',
    });
    expect(answer.status).to.equal(400);
    expect(answer.body['title']).to.match(/Unknown scaling group "hidden-pool" \(you may use: default\)/);
  });

  it('refuses a project the caller is not a member of (Bob is in none), naming it', async () => {
    const answer = await call(BOB, 'POST', '/resource/check-presets', { group: 'default' });
    expect(answer.status).to.equal(400);
    expect(answer.body['type']).to.equal('https://api.backend.ai/probs/invalid-api-params');
    expect(answer.body['title']).to.match(/Unknown project "default"/);
  });

  it('names the field of a malformed body', async () => {
    const wrongType = await call(ALICE, 'POST', '/resource/check-presets', {
      group: 'default',
      scaling_group: 5,
    });
    expect(wrongType.status).to.equal(400);
    expect(wrongType.body['title']).to.match(/scaling_group/);
    const emptyGroup = await call(ALICE, 'POST', '/resource/check-presets', { group: '' });
    expect(emptyGroup.status).to.equal(400);
    expect(emptyGroup.body['title']).to.match(/group/);
  });

  it('hides the project figures as NaN when groupResourceVisibility is off (the default)', async () => {
    const other = await bootManager({ features: [{ package: '@tessera/manager-resources' }] });
    try {
      const answer = await signedCall(other.endpoint, SUPERADMIN, 'POST', '/resource/check-presets', {});
      expect(answer.status).to.equal(200);
      expect(answer.body['group_limits']).to.deep.equal({ cpu: 'NaN', mem: 'NaN' });
      expect(answer.body['group_remaining']).to.deep.equal({ cpu: 'NaN', mem: 'NaN' });
      expect(answer.body['keypair_remaining']).to.deep.equal({ cpu: 'Infinity', mem: 'Infinity' });
    } finally {
      await other.stop();
    }
  });
});

function allocatable(body: Record<string, unknown>): Record<string, boolean> {
  const presets = body['presets'] as Array<{ name: string; allocatable: boolean }>;
  return Object.fromEntries(presets.map((preset) => [preset.name, preset.allocatable]));
}
