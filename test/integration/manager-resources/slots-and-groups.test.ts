import { expect } from 'chai';
import { signedCall } from '../manager/graphql-harness';
import { bootManager, eventually, type ManagerDeployment } from '../manager/support/manager-deployment';
import { ScriptedAgent } from '../manager/support/scripted-agent';
import { ALICE, BOB, populateTenants, RESEARCH_PROJECT_ID, SUPERADMIN } from './support/resource-tenants';

describe('manager resources: slot types and resource groups', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootManager({ features: [{ package: '@tessera/manager-resources' }] });
    await populateTenants(deployment);
  });
  after(async () => {
    await deployment?.stop();
  });

  it('answers GET /config/resource-slots without a signature, as the JS SDK calls it', async () => {
    const response = await fetch(`${deployment.endpoint}/config/resource-slots`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ cpu: 'count', mem: 'bytes' });
  });

  it('learns an accelerator slot from a heartbeat, and describes it in /details', async () => {
    const gpuAgent = new (class extends ScriptedAgent {
      override info() {
        const info = super.info();
        return {
          ...info,
          availableSlots: { ...info.availableSlots, 'cuda.device': '2' },
          slotTypes: { ...info.slotTypes, 'cuda.device': 'count' as const },
        };
      }
    })(deployment.bus, 'agent-gpu');
    await gpuAgent.heartbeat();
    await eventually(async () => {
      const slots = (await (await fetch(`${deployment.endpoint}/config/resource-slots`)).json()) as object;
      return 'cuda.device' in slots;
    }, 'the cuda.device slot type to be known');

    const details = await signedCall(deployment.endpoint, ALICE, 'GET', '/config/resource-slots/details');
    expect(details.status).to.equal(200);
    expect(Object.keys(details.body)).to.deep.equal(['cpu', 'cuda.device', 'mem']);
    expect(details.body['cuda.device']).to.deep.include({
      slot_name: 'cuda.device',
      human_readable_name: 'GPU',
    });
    expect(details.body['mem']).to.deep.include({
      slot_name: 'ram',
      number_format: { binary: true, round_length: 0 },
    });

    const unsigned = await fetch(`${deployment.endpoint}/config/resource-slots/details`);
    expect(unsigned.status).to.equal(401);
  });

  it('answers GET /config/vfolder-types', async () => {
    const response = await fetch(`${deployment.endpoint}/config/vfolder-types`);
    expect(await response.json()).to.deep.equal(['user', 'group']);
  });

  it("lists the resource groups of the caller's domain, keypair and project (by name or id)", async () => {
    const byName = await signedCall(deployment.endpoint, ALICE, 'GET', '/scaling-groups?group=research');
    expect(byName.status).to.equal(200);
    expect(byName.body).to.deep.equal({ scaling_groups: [{ name: 'default' }, { name: 'research-pool' }] });
    const byId = await signedCall(
      deployment.endpoint,
      ALICE,
      'GET',
      `/scaling-groups?group=${RESEARCH_PROJECT_ID}`,
    );
    expect(byId.body).to.deep.equal(byName.body);
    const other = await signedCall(deployment.endpoint, ALICE, 'GET', '/scaling-groups?group=default');
    expect(other.body).to.deep.equal({ scaling_groups: [{ name: 'default' }] });
  });

  it("does not show a project's resource groups to a user outside it", async () => {
    const answer = await signedCall(deployment.endpoint, BOB, 'GET', '/scaling-groups?group=research');
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({ scaling_groups: [{ name: 'default' }] });
  });

  it('refuses /scaling-groups without a group, naming the parameter', async () => {
    const answer = await signedCall(deployment.endpoint, ALICE, 'GET', '/scaling-groups');
    expect(answer.status).to.equal(400);
    expect(answer.body['title']).to.match(/"group"/);
  });

  it('refuses /scaling-groups unsigned', async () => {
    const response = await fetch(`${deployment.endpoint}/scaling-groups?group=default`);
    expect(response.status).to.equal(401);
    // The superadmin's signed call works on the same path.
    const answer = await signedCall(deployment.endpoint, SUPERADMIN, 'GET', '/scaling-groups?group=default');
    expect(answer.body).to.deep.equal({ scaling_groups: [{ name: 'default' }] });
  });
});
