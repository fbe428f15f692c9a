import { expect } from 'chai';
import {
  bootManager,
  sdkClient,
  sdkFailure,
  type BackendAiClient,
  type ManagerDeployment,
} from '../manager/support/manager-deployment';
import { ALICE, BOB, populateTenants } from './support/resource-tenants';

/** The parts of the official JS SDK these tests call. */
interface ResourceSdk extends BackendAiClient {
  get_resource_slots(): Promise<Record<string, string>>;
  resourcePreset: {
    list(param?: unknown): Promise<{ presets: Array<{ name: string }> }>;
    check(param?: unknown): Promise<Record<string, unknown>>;
  };
  scalingGroup: { list(group?: string): Promise<{ scaling_groups: Array<{ name: string }> }> };
  resources: { user_stats(): Promise<unknown[]> };
}

describe('manager resources with the official JS SDK (backend.ai-client)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootManager({ features: [{ package: '@tessera/manager-resources' }] });
    await populateTenants(deployment);
  });
  after(async () => {
    await deployment?.stop();
  });

  async function client(caller = ALICE): Promise<ResourceSdk> {
    const sdk = sdkClient(deployment.endpoint, caller.secretKey, caller.accessKey) as ResourceSdk;
    await sdk.get_manager_version();
    return sdk;
  }

  it('get_resource_slots reads the slot types (an unsigned request)', async () => {
    expect(await (await client()).get_resource_slots()).to.deep.equal({ cpu: 'count', mem: 'bytes' });
  });

  it('resourcePreset.list and resourcePreset.check', async () => {
    const sdk = await client();
    const listed = await sdk.resourcePreset.list();
    expect(listed.presets.map((preset) => preset.name)).to.deep.equal([
      '01-small',
      '02-medium',
      '03-large',
      'research-gpu',
    ]);
    const checked = await sdk.resourcePreset.check({ group: 'research', scaling_group: 'default' });
    expect(checked['keypair_remaining']).to.deep.equal({ cpu: '2', mem: String(6 * 1024 ** 3) });
    const presets = checked['presets'] as Array<{ name: string; allocatable: boolean }>;
    expect(presets.map((p) => [p.name, p.allocatable])).to.deep.equal([
      ['01-small', true],
      ['02-medium', true],
      ['03-large', false],
    ]);
  });

  it('check with a project the user is not in fails with the problem title', async () => {
    const failure = await sdkFailure((await client(BOB)).resourcePreset.check({ group: 'default' }));
    expect(failure.statusCode).to.equal(400);
    expect(failure.title).to.match(/Unknown project "default"/);
  });

  it('scalingGroup.list and resources.user_stats', async () => {
    const sdk = await client();
    expect(await sdk.scalingGroup.list('research')).to.deep.equal({
      scaling_groups: [{ name: 'default' }, { name: 'research-pool' }],
    });
    expect(await sdk.resources.user_stats()).to.have.length(2880);
  });
});
