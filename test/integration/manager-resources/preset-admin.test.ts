import { expect } from 'chai';
import {
  ALICE,
  bootGraphQLManager,
  DOMAIN_ADMIN,
  signedCall,
  SUPERADMIN,
  type Caller,
} from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import { gqlData, gqlRefused, MONITOR } from '../manager-identity/support/identity-harness';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const PRESET_FIELDS = 'name resource_slots shared_memory';
const GET = `query ($name: String!) { resource_preset(name: $name) { ${PRESET_FIELDS} } }`;
const LIST = `{ resource_presets { ${PRESET_FIELDS} } }`;
const CREATE = `mutation ($name: String!, $props: CreateResourcePresetInput!) {
  create_resource_preset(name: $name, props: $props) { ok msg resource_preset { ${PRESET_FIELDS} } } }`;
const MODIFY = `mutation ($name: String!, $props: ModifyResourcePresetInput!) {
  modify_resource_preset(name: $name, props: $props) { ok msg resource_preset { ${PRESET_FIELDS} } } }`;
const DELETE = `mutation ($name: String!) { delete_resource_preset(name: $name) { ok msg } }`;

interface PresetView {
  name: string;
  resource_slots: Record<string, string>;
  shared_memory: number | null;
}

/** A preset as the GraphQL API answers it, with its JSONString slots parsed. */
function parsed(raw: unknown): PresetView | null {
  if (raw === null) return null;
  const preset = raw as { name: string; resource_slots: string; shared_memory: number | null };
  return { ...preset, resource_slots: JSON.parse(preset.resource_slots) as Record<string, string> };
}

describe('manager resources: resource preset administration (admin GraphQL)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager({ features: [{ package: '@tessera/manager-resources' }] });
    await deployment.db.fixtures.populate({
      users: [{ email: 'monitor@lablup.com', username: 'monitor', role: 'monitor', domain_name: 'default' }],
      keypairs: [
        {
          access_key: MONITOR.accessKey,
          secret_key: MONITOR.secretKey,
          user_id: 'monitor@lablup.com',
          is_admin: false,
          resource_policy: 'default',
        },
      ],
      resource_presets: [{ name: 'seeded', resource_slots: { cpu: '1', mem: '1g' } }],
    });
  });
  after(async () => {
    await deployment?.stop();
  });

  const data = (caller: Caller, query: string, variables: Record<string, unknown> = {}) =>
    gqlData(deployment, caller, query, variables);
  const get = async (name: string, caller: Caller = SUPERADMIN) =>
    parsed((await data(caller, GET, { name }))['resource_preset']);
  const restPresets = async (caller: Caller = ALICE) => {
    const answer = await signedCall(deployment.endpoint, caller, 'GET', '/resource/presets');
    expect(answer.status).to.equal(200);
    return answer.body['presets'] as Array<Record<string, unknown>>;
  };

  it('lets every signed role read one preset and the list', async () => {
    for (const caller of [SUPERADMIN, DOMAIN_ADMIN, ALICE, MONITOR]) {
      expect(await get('seeded', caller)).to.deep.equal({
        name: 'seeded',
        resource_slots: { cpu: '1', mem: String(GIB) },
        shared_memory: null,
      });
      const listed = ((await data(caller, LIST))['resource_presets'] as unknown[]).map(parsed);
      expect(listed.map((p) => p!.name)).to.include('seeded');
    }
    expect(await get('nowhere')).to.equal(null);
  });

  it('creates a preset from slot amounts and a size, answered by the queries and /resource/presets', async () => {
    const answer = (
      await data(SUPERADMIN, CREATE, {
        name: 'gpu-medium',
        props: {
          resource_slots: JSON.stringify({ cpu: 2, mem: '4g', 'cuda.shares': '0.5' }),
          shared_memory: '512m',
        },
      })
    )['create_resource_preset'] as Record<string, unknown>;
    const expected = {
      name: 'gpu-medium',
      resource_slots: { cpu: '2', mem: String(4 * GIB), 'cuda.shares': '0.5' },
      shared_memory: 512 * MIB,
    };
    expect(answer).to.deep.include({ ok: true, msg: 'success' });
    expect(parsed(answer['resource_preset'])).to.deep.equal(expected);
    expect(await get('gpu-medium', ALICE)).to.deep.equal(expected);
    const listed = ((await data(MONITOR, LIST))['resource_presets'] as unknown[]).map(parsed);
    expect(listed).to.deep.include(expected);
    const rest = (await restPresets()).find((p) => p['name'] === 'gpu-medium');
    expect(rest).to.deep.include({ shared_memory: String(512 * MIB) });
    expect(rest!['resource_slots']).to.deep.include({ cpu: '2', mem: String(4 * GIB) });
  });

  it('answers ok: false for a taken name, leaving the preset as it was', async () => {
    const answer = (
      await data(SUPERADMIN, CREATE, { name: 'seeded', props: { resource_slots: '{"cpu": "9"}' } })
    )['create_resource_preset'] as Record<string, unknown>;
    expect(answer['ok']).to.equal(false);
    expect(answer['msg']).to.include('"seeded"');
    expect(answer['resource_preset']).to.equal(null);
    expect((await get('seeded'))!.resource_slots).to.deep.equal({ cpu: '1', mem: String(GIB) });
  });

  it('modifies slots and shared memory separately; "" clears shared memory', async () => {
    await data(SUPERADMIN, CREATE, {
      name: 'to-modify',
      props: { resource_slots: '{"cpu": "1"}', shared_memory: '64m' },
    });
    const first = (
      await data(SUPERADMIN, MODIFY, {
        name: 'to-modify',
        props: { resource_slots: '{"cpu": "4", "mem": "2g"}' },
      })
    )['modify_resource_preset'] as Record<string, unknown>;
    expect(first).to.deep.include({ ok: true, msg: 'success' });
    expect(parsed(first['resource_preset'])).to.deep.equal({
      name: 'to-modify',
      resource_slots: { cpu: '4', mem: String(2 * GIB) },
      shared_memory: 64 * MIB,
    });
    await data(SUPERADMIN, MODIFY, { name: 'to-modify', props: { shared_memory: '1g' } });
    expect(await get('to-modify')).to.deep.include({ shared_memory: GIB });
    await data(SUPERADMIN, MODIFY, { name: 'to-modify', props: { shared_memory: '' } });
    expect(await get('to-modify')).to.deep.equal({
      name: 'to-modify',
      resource_slots: { cpu: '4', mem: String(2 * GIB) },
      shared_memory: null,
    });
    const missing = (await data(SUPERADMIN, MODIFY, { name: 'nowhere', props: { shared_memory: '1g' } }))[
      'modify_resource_preset'
    ] as Record<string, unknown>;
    expect(missing).to.deep.include({ ok: false, resource_preset: null });
    expect(missing['msg']).to.include('"nowhere"');
  });

  it('deletes a preset, gone from the queries and /resource/presets; a missing one is ok: false', async () => {
    await data(SUPERADMIN, CREATE, { name: 'to-delete', props: { resource_slots: '{"cpu": "1"}' } });
    expect((await restPresets()).map((p) => p['name'])).to.include('to-delete');
    const answer = (await data(SUPERADMIN, DELETE, { name: 'to-delete' }))['delete_resource_preset'];
    expect(answer).to.deep.equal({ ok: true, msg: 'success' });
    expect(await get('to-delete')).to.equal(null);
    expect((await restPresets()).map((p) => p['name'])).not.to.include('to-delete');
    const again = (await data(SUPERADMIN, DELETE, { name: 'to-delete' }))['delete_resource_preset'] as Record<
      string,
      unknown
    >;
    expect(again['ok']).to.equal(false);
    expect(again['msg']).to.include('"to-delete"');
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [CREATE, { name: 'bad name!', props: { resource_slots: '{}' } }, 'name'],
      [CREATE, { name: 'bad', props: { resource_slots: '[1, 2]' } }, 'props.resource_slots'],
      [CREATE, { name: 'bad', props: { resource_slots: '{"cpu": "lots"}' } }, 'props.resource_slots.cpu'],
      [CREATE, { name: 'bad', props: { resource_slots: '{"cpu": -1}' } }, 'props.resource_slots.cpu'],
      [CREATE, { name: 'bad', props: { resource_slots: '{"mem": "4x"}' } }, 'props.resource_slots.mem'],
      [CREATE, { name: 'bad', props: { resource_slots: '{"bad slot": "1"}' } }, 'props.resource_slots'],
      [
        CREATE,
        { name: 'bad', props: { resource_slots: '{}', shared_memory: 'huge' } },
        'props.shared_memory',
      ],
      [MODIFY, { name: 'seeded', props: { resource_slots: '{"cpu": null}' } }, 'props.resource_slots.cpu'],
      [MODIFY, { name: 'seeded', props: { shared_memory: '1.5' } }, 'props.shared_memory'],
    ];
    for (const [query, variables, field] of cases) {
      const message = await gqlRefused(deployment, SUPERADMIN, query, variables, 'invalid-api-params');
      expect(message, JSON.stringify(variables)).to.include(`Invalid ${field}:`);
    }
    expect(await get('bad')).to.equal(null);
    expect(await get('seeded')).to.deep.equal({
      name: 'seeded',
      resource_slots: { cpu: '1', mem: String(GIB) },
      shared_memory: null,
    });
  });

  it('refuses every write to a domain admin, a user and a monitor, leaving presets unchanged', async () => {
    const before = await get('seeded');
    for (const caller of [DOMAIN_ADMIN, ALICE, MONITOR]) {
      await gqlRefused(deployment, caller, CREATE, {
        name: 'sneaky',
        props: { resource_slots: '{"cpu": "1"}' },
      });
      await gqlRefused(deployment, caller, MODIFY, {
        name: 'seeded',
        props: { resource_slots: '{"cpu": "64"}', shared_memory: '1g' },
      });
      await gqlRefused(deployment, caller, DELETE, { name: 'seeded' });
    }
    expect(await get('sneaky')).to.equal(null);
    expect(await get('seeded')).to.deep.equal(before);
    expect((await restPresets()).map((p) => p['name']))
      .to.include('seeded')
      .and.not.include('sneaky');
  });
});
