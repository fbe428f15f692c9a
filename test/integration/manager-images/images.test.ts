import { expect } from 'chai';
import {
  ALICE,
  bootImagesManager,
  gql,
  LAB_ADMIN,
  MONITOR,
  SUPERADMIN,
  eventually,
  type Caller,
  type ManagerDeployment,
} from './support/registry-harness';
import { createSession } from '../manager/graphql-harness';

const FIELDS = `name humanized_name tag registry architecture is_local digest labels { key value } aliases size_bytes
  resource_limits { key min max } supported_accelerators installed installed_agents hash`;
const PYTHON = 'cr.backend.ai/stable/python:3.12-ubuntu24.04';
const R_BASE = 'cr.backend.ai/stable/r-base:4.4';
const OTHER = 'registry.example.com/team/tool:1.0';

interface ImageView {
  name: string;
  registry: string;
  aliases: string[];
  installed: boolean;
  installed_agents: string[];
  resource_limits: Array<{ key: string; min: string; max: string }>;
  labels: Array<{ key: string; value: string }>;
  [field: string]: unknown;
}

describe('manager-images: images (GraphQL)', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;

  const call = (caller: Caller, query: string, variables: Record<string, unknown> = {}) =>
    gql(deployment.endpoint, caller, query, variables);
  const data = async (caller: Caller, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await call(caller, query, variables);
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    return answer.data!;
  };
  const list = async (caller: Caller, args = '') =>
    (await data(caller, `{ images${args} { ${FIELDS} } }`))['images'] as ImageView[];
  const one = async (reference: string, architecture = 'x86_64') =>
    (
      await data(
        SUPERADMIN,
        `query ($r: String!, $a: String) { image(reference: $r, architecture: $a) { ${FIELDS} } }`,
        {
          r: reference,
          a: architecture,
        },
      )
    )['image'] as ImageView;
  const mutate = async (mutation: string, variables: Record<string, unknown>) => {
    const answer = await data(SUPERADMIN, mutation, variables);
    return Object.values(answer)[0] as { ok: boolean; msg: string };
  };
  const ALIAS = `mutation ($alias: String!, $target: String!, $arch: String) {
    alias_image(alias: $alias, target: $target, architecture: $arch) { ok msg } }`;
  const DEALIAS = `mutation ($alias: String!) { dealias_image(alias: $alias) { ok msg } }`;
  const FORGET = `mutation ($r: String!) { forget_image(reference: $r) { ok msg } }`;
  const MODIFY = `mutation ($t: String!, $props: ModifyImageInput!) { modify_image(target: $t, props: $props) { ok msg } }`;

  before(async () => {
    deployment = await bootImagesManager();
    await deployment.db.images.upsertMany([
      { name: OTHER, architecture: 'x86_64', labels: { 'ai.backend.features': 'operation' }, minSlots: {} },
    ]);
    await deployment.db.identity.domains.modify('default', { allowedDockerRegistries: ['cr.backend.ai'] });
  });
  after(async () => {
    await deployment?.stop();
  });

  it('lists every image to a superadmin, with what the alive agent reported as installed', async () => {
    const images = await list(SUPERADMIN);
    const byName = new Map(images.map((image) => [image.name, image]));
    expect([...byName.keys()]).to.include.members([PYTHON, R_BASE, OTHER]);
    const python = byName.get(PYTHON)!;
    expect(python).to.include({
      humanized_name: PYTHON,
      tag: '3.12-ubuntu24.04',
      registry: 'cr.backend.ai',
      architecture: 'x86_64',
      installed: true,
    });
    expect(python.installed_agents).to.deep.equal([deployment.agent.agentId]);
    expect(python.labels).to.deep.include({ key: 'ai.backend.service-ports', value: 'jupyter:http:8090' });
    expect(byName.get(R_BASE)!.resource_limits).to.deep.equal([
      { key: 'mem', min: '2147483648', max: 'Infinity' },
    ]);
    expect(byName.get(OTHER)).to.include({ installed: false, registry: 'registry.example.com' });
    expect(byName.get(OTHER)!.installed_agents).to.deep.equal([]);
  });

  it('narrows by is_installed and is_operation', async () => {
    expect((await list(SUPERADMIN, '(is_installed: true)')).map((i) => i.name))
      .to.include(PYTHON)
      .and.not.include(OTHER);
    expect((await list(SUPERADMIN, '(is_installed: false)')).map((i) => i.name))
      .to.include(OTHER)
      .and.not.include(PYTHON);
    expect((await list(SUPERADMIN, '(is_operation: true)')).map((i) => i.name)).to.deep.equal([OTHER]);
    expect((await list(SUPERADMIN, '(is_operation: false)')).map((i) => i.name)).to.not.include(OTHER);
  });

  it("shows a domain's admins and users only images of the registries their domain allows; a monitor every image", async () => {
    expect((await list(ALICE)).map((i) => i.registry))
      .to.include('cr.backend.ai')
      .and.not.include('registry.example.com');
    expect(await list(LAB_ADMIN)).to.deep.equal([]);
    expect((await list(MONITOR)).map((i) => i.name)).to.include(OTHER);
    const hidden = await call(ALICE, `{ image(reference: "${OTHER}") { name } }`);
    expect(hidden.data?.['image'] ?? null).to.equal(null);
    expect(JSON.stringify(hidden.errors)).to.contain('image-not-found').and.contain(OTHER);
  });

  it('no longer counts an image installed once its agent is lost', async () => {
    await deployment.db.agents.markStatus(deployment.agent.agentId, 'LOST');
    try {
      const python = (await list(SUPERADMIN)).find((i) => i.name === PYTHON)!;
      expect(python).to.include({ installed: false });
      expect(python.installed_agents).to.deep.equal([]);
    } finally {
      await deployment.agent.heartbeat();
      await eventually(async () => (await one(PYTHON)).installed === true, 'the agent to be alive again');
    }
  });

  it('aliases an image, resolves the alias in image(), and refuses a used alias or an unknown target', async () => {
    expect(await mutate(ALIAS, { alias: 'py', target: PYTHON })).to.deep.equal({ ok: true, msg: '' });
    expect((await one('py')).name).to.equal(PYTHON);
    expect((await one(PYTHON)).aliases).to.deep.equal(['py']);
    const used = await mutate(ALIAS, { alias: 'py', target: R_BASE });
    expect(used.ok).to.equal(false);
    expect(used.msg).to.contain('"py"').and.contain('already exists');
    expect((await one(R_BASE)).aliases).to.deep.equal([]);
    const unknown = await mutate(ALIAS, { alias: 'nope', target: 'cr.backend.ai/stable/none:1' });
    expect(unknown.ok).to.equal(false);
    expect(unknown.msg).to.contain('cr.backend.ai/stable/none:1').and.contain('not found');
    const wrongArch = await mutate(ALIAS, { alias: 'py-arm', target: PYTHON, arch: 'aarch64' });
    expect(wrongArch).to.deep.include({ ok: false });
    expect(wrongArch.msg).to.contain('aarch64');
  });

  it('creates a session from an alias, with the image it names', async () => {
    const sessionId = await createSession(deployment, ALICE, 'alias-session', { image: 'py' });
    expect((await deployment.db.sessions.get(sessionId))!.image).to.equal(PYTHON);
  });

  it('refuses a bad architecture or an empty alias naming the argument, changing nothing', async () => {
    const bad = await call(SUPERADMIN, ALIAS, { alias: 'py2', target: PYTHON, arch: 'amd-64' });
    expect(JSON.stringify(bad.errors)).to.contain('architecture: expected one of').and.contain('amd-64');
    const empty = await call(SUPERADMIN, ALIAS, { alias: ' ', target: PYTHON });
    expect(JSON.stringify(empty.errors)).to.contain('alias: expected a non-empty');
    const badQuery = await call(
      SUPERADMIN,
      `{ image(reference: "${PYTHON}", architecture: "sparc") { name } }`,
    );
    expect(JSON.stringify(badQuery.errors)).to.contain('architecture: expected one of');
    expect((await one(PYTHON)).aliases).to.deep.equal(['py']);
  });

  it('dealiases, and answers ok: false for an unknown alias', async () => {
    await mutate(ALIAS, { alias: 'py-tmp', target: PYTHON });
    expect(await mutate(DEALIAS, { alias: 'py-tmp' })).to.deep.equal({ ok: true, msg: '' });
    expect((await one(PYTHON)).aliases).to.deep.equal(['py']);
    const missing = await mutate(DEALIAS, { alias: 'py-tmp' });
    expect(missing.ok).to.equal(false);
    expect(missing.msg).to.contain('image alias "py-tmp" not found');
  });

  it('modifies resource limits and labels; heartbeats with unchanged labels keep the new limits', async () => {
    const result = await mutate(MODIFY, {
      t: R_BASE,
      props: {
        resource_limits: [
          { key: 'cpu', min: '1', max: '4' },
          { key: 'mem', min: '1g', max: '' },
        ],
        supported_accelerators: ['cuda'],
      },
    });
    expect(result).to.deep.equal({ ok: true, msg: '' });
    const expected = [
      { key: 'cpu', min: '1', max: '4' },
      { key: 'mem', min: '1073741824', max: 'Infinity' },
    ];
    expect((await one(R_BASE)).resource_limits).to.deep.equal(expected);
    expect((await one(R_BASE)).supported_accelerators).to.deep.equal(['cuda']);
    // Forget what the agent has, so that it listing its images again shows the heartbeat (whose
    // image upsert comes before) has been handled.
    await deployment.db.images.recordInstalled(deployment.agent.agentId, []);
    expect((await one(R_BASE)).installed).to.equal(false);
    await deployment.agent.heartbeat();
    await eventually(async () => (await one(R_BASE)).installed === true, 'the heartbeat to be handled');
    expect((await one(R_BASE)).resource_limits).to.deep.equal(expected);
  });

  it('refuses bad modify_image props naming the field, changing nothing', async () => {
    const before = await one(R_BASE);
    const bad = await call(SUPERADMIN, MODIFY, {
      t: R_BASE,
      props: { resource_limits: [{ key: 'cpu', min: 'lots' }] },
    });
    expect(JSON.stringify(bad.errors)).to.contain('props.resource_limits[0].min').and.contain('lots');
    const badType = await call(SUPERADMIN, MODIFY, { t: R_BASE, props: { type: 'GAME' } });
    expect(JSON.stringify(badType.errors)).to.contain('props.type: expected one of');
    expect(await one(R_BASE)).to.deep.equal(before);
    const missing = await mutate(MODIFY, { t: 'cr.backend.ai/stable/none:1', props: { size_bytes: 1 } });
    expect(missing.ok).to.equal(false);
    expect(missing.msg).to.contain('not found');
  });

  it('forgets an image named by alias, with its aliases; clear_images empties a registry', async () => {
    await deployment.db.images.upsertMany([
      { name: 'cr.backend.ai/stable/tmp:1', architecture: 'x86_64', labels: {}, minSlots: {} },
      { name: 'clear.example.com/a/b:1', architecture: 'x86_64', labels: {}, minSlots: {} },
      { name: 'clear.example.com/a/c:2', architecture: 'aarch64', labels: {}, minSlots: {} },
    ]);
    await mutate(ALIAS, { alias: 'tmp', target: 'cr.backend.ai/stable/tmp:1' });
    expect(await mutate(FORGET, { r: 'tmp' })).to.deep.equal({ ok: true, msg: '' });
    expect(await deployment.db.images.find('cr.backend.ai/stable/tmp:1')).to.equal(null);
    expect((await list(SUPERADMIN)).flatMap((i) => i.aliases)).to.not.include('tmp');
    const again = await mutate(FORGET, { r: 'tmp' });
    expect(again.ok).to.equal(false);
    expect(
      await mutate(`mutation { clear_images(registry: "clear.example.com") { ok msg } }`, {}),
    ).to.deep.equal({
      ok: true,
      msg: '',
    });
    expect((await list(SUPERADMIN)).map((i) => i.registry)).to.not.include('clear.example.com');
  });
});
