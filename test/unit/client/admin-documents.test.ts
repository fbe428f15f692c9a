import { expect } from 'chai';
import { AdminApi, ApiConfig, Client, type GraphqlCaller } from '@tessera/client';
import { ManagerStandIn } from './support/manager-stand-in';

/** Records every GraphQL document and its variables, answering from a script. */
function recorder(answer: (query: string) => Record<string, unknown>) {
  const sent: Array<{ query: string; variables: Record<string, unknown> }> = [];
  const caller: GraphqlCaller = {
    graphql: async <T>(query: string, variables: Record<string, unknown> = {}) => {
      sent.push({ query, variables });
      return answer(query) as T;
    },
  };
  return { sent, admin: new AdminApi(caller) };
}

describe('admin SDK: the GraphQL documents it sends', () => {
  it('user_list sends paging and only the filters given, and reads a camelCase page', async () => {
    const { sent, admin } = recorder(() => ({
      user_list: {
        total_count: 3,
        items: [
          { email: 'a@x', full_name: 'A', need_password_change: false, groups: [{ id: 'g', name: 'p' }] },
        ],
      },
    }));
    const page = await admin.users.page({ domainName: 'default', limit: 2, fields: ['email', 'full_name'] });
    expect(sent).to.deep.equal([
      {
        query:
          'query($limit: Int!, $offset: Int!, $domain_name: String) { user_list(limit: $limit, offset: $offset, domain_name: $domain_name) { total_count items { email full_name } } }',
        variables: { limit: 2, offset: 0, domain_name: 'default' },
      },
    ]);
    expect(page).to.deep.equal({
      totalCount: 3,
      items: [{ email: 'a@x', fullName: 'A', needPasswordChange: false, groups: [{ id: 'g', name: 'p' }] }],
    });
  });

  it('create_user sends the props snake_case; delete and purge send the e-mail', async () => {
    const { sent, admin } = recorder((query) =>
      query.includes('create_user')
        ? { create_user: { ok: true, msg: 'success', user: { uuid: 'u1', email: 'b@x' } } }
        : { [query.includes('purge') ? 'purge_user' : 'delete_user']: { ok: false, msg: 'no such user' } },
    );
    const created = await admin.users.create(
      'b@x',
      { username: 'b', password: 'pw', needPasswordChange: false, domainName: 'default', groupIds: ['g1'] },
      { fields: ['uuid', 'email'] },
    );
    expect(sent[0]).to.deep.equal({
      query:
        'mutation($email: String!, $props: UserInput!) { create_user(email: $email, props: $props) { ok msg user { uuid email } } }',
      variables: {
        email: 'b@x',
        props: {
          username: 'b',
          password: 'pw',
          need_password_change: false,
          domain_name: 'default',
          group_ids: ['g1'],
        },
      },
    });
    expect(created).to.deep.equal({ ok: true, msg: 'success', user: { uuid: 'u1', email: 'b@x' } });
    expect(await admin.users.delete('b@x')).to.deep.equal({ ok: false, msg: 'no such user' });
    expect(sent[1]!.query).to.equal('mutation($email: String!) { delete_user(email: $email) { ok msg } }');
    await admin.users.purge('b@x', { purgeSharedVfolders: true });
    expect(sent[2]).to.deep.equal({
      query:
        'mutation($email: String!, $props: PurgeUserInput!) { purge_user(email: $email, props: $props) { ok msg } }',
      variables: { email: 'b@x', props: { purge_shared_vfolders: true } },
    });
  });

  it('domains stringify and parse JSONString fields', async () => {
    const { sent, admin } = recorder((query) =>
      query.includes('create_domain')
        ? {
            create_domain: {
              ok: true,
              msg: null,
              domain: { name: 'd', total_resource_slots: '{"cpu":"8"}' },
            },
          }
        : { domains: [{ name: 'd', total_resource_slots: '{"cpu":"8"}', is_active: true }] },
    );
    const created = await admin.domains.create(
      'd',
      { totalResourceSlots: { cpu: '8' }, allowedDockerRegistries: ['cr.example'] },
      { fields: ['name', 'total_resource_slots'] },
    );
    expect(sent[0]!.variables).to.deep.equal({
      name: 'd',
      props: { total_resource_slots: '{"cpu":"8"}', allowed_docker_registries: ['cr.example'] },
    });
    expect(created.domain).to.deep.equal({ name: 'd', totalResourceSlots: { cpu: '8' } });
    const list = await admin.domains.list({
      isActive: true,
      fields: ['name', 'is_active', 'total_resource_slots'],
    });
    expect(sent[1]!.query).to.equal(
      'query($is_active: Boolean) { domains(is_active: $is_active) { name is_active total_resource_slots } }',
    );
    expect(list).to.deep.equal([{ name: 'd', isActive: true, totalResourceSlots: { cpu: '8' } }]);
  });

  it('project members go through modify_group with user_update_mode', async () => {
    const { sent, admin } = recorder(() => ({ modify_group: { ok: true, msg: 'success' } }));
    await admin.projects.addMembers('0b7c5e8a-0000-4000-8000-000000000001', ['u1', 'u2']);
    await admin.projects.removeMembers('0b7c5e8a-0000-4000-8000-000000000001', ['u2']);
    expect(sent.map((call) => call.query)).to.deep.equal([
      'mutation($gid: UUID!, $props: ModifyGroupInput!) { modify_group(gid: $gid, props: $props) { ok msg } }',
      'mutation($gid: UUID!, $props: ModifyGroupInput!) { modify_group(gid: $gid, props: $props) { ok msg } }',
    ]);
    expect(sent.map((call) => call.variables.props)).to.deep.equal([
      { user_update_mode: 'add', user_uuids: ['u1', 'u2'] },
      { user_update_mode: 'remove', user_uuids: ['u2'] },
    ]);
  });

  it('keypairs: create asks for the secret key once; reads do not', async () => {
    const { sent, admin } = recorder((query) =>
      query.includes('create_keypair')
        ? { create_keypair: { ok: true, msg: 'ok', keypair: { access_key: 'AK', secret_key: 'SK' } } }
        : { keypair_list: { total_count: 0, items: [] } },
    );
    const created = await admin.keypairs.create('a@x', {
      resourcePolicy: 'default',
      rateLimit: 5000,
      isAdmin: false,
    });
    expect(sent[0]!.query).to.match(
      /create_keypair\(user_id: \$user_id, props: \$props\) \{ ok msg keypair \{ .*secret_key \} \}/,
    );
    expect(sent[0]!.variables).to.deep.equal({
      user_id: 'a@x',
      props: { resource_policy: 'default', rate_limit: 5000, is_admin: false },
    });
    expect(created.keypair).to.deep.equal({ accessKey: 'AK', secretKey: 'SK' });
    await admin.keypairs.page({ email: 'a@x', order: '-created_at' });
    expect(sent[1]!.query).to.not.include('secret_key');
    expect(sent[1]!.variables).to.deep.equal({ limit: 20, offset: 0, order: '-created_at', email: 'a@x' });
  });

  it('the three kinds of resource policy use their own field and input names', async () => {
    const { sent, admin } = recorder((query) => {
      const field = /\{ (\w+)/.exec(query)![1]!;
      return { [field]: query.startsWith('mutation') ? { ok: true, msg: '' } : [] };
    });
    await admin.keypairResourcePolicies.create(
      'p',
      { maxConcurrentSessions: 2, totalResourceSlots: {} },
      { fields: ['name'] },
    );
    await admin.userResourcePolicies.modify('p', { maxVfolderCount: 3 });
    await admin.projectResourcePolicies.delete('p');
    await admin.userResourcePolicies.list({ fields: ['name'] });
    expect(sent.map((call) => call.query)).to.deep.equal([
      'mutation($name: String!, $props: CreateKeyPairResourcePolicyInput!) { create_keypair_resource_policy(name: $name, props: $props) { ok msg resource_policy { name } } }',
      'mutation($name: String!, $props: ModifyUserResourcePolicyInput!) { modify_user_resource_policy(name: $name, props: $props) { ok msg } }',
      'mutation($name: String!) { delete_project_resource_policy(name: $name) { ok msg } }',
      'query { user_resource_policies { name } }',
    ]);
    expect(sent[0]!.variables.props).to.deep.equal({
      max_concurrent_sessions: 2,
      total_resource_slots: '{}',
    });
  });

  it('resource presets: queries parse resource_slots; create and modify stringify them', async () => {
    const preset = { name: 'small', resource_slots: '{"cpu":"1","mem":"1073741824"}', shared_memory: null };
    const { sent, admin } = recorder((query) => {
      const field = /\{ (\w+)/.exec(query)![1]!;
      if (field === 'resource_preset') return { resource_preset: preset };
      if (field === 'resource_presets') return { resource_presets: [preset] };
      if (field === 'create_resource_preset')
        return { create_resource_preset: { ok: true, msg: 'success', resource_preset: preset } };
      return { [field]: { ok: false, msg: 'resource preset "x" not found' } };
    });
    const parsed = { name: 'small', resourceSlots: { cpu: '1', mem: '1073741824' }, sharedMemory: null };
    expect(await admin.resourcePresets.get('small')).to.deep.equal(parsed);
    expect(await admin.resourcePresets.list()).to.deep.equal([parsed]);
    const created = await admin.resourcePresets.create('small', {
      resourceSlots: { cpu: 1, mem: '1g' },
      sharedMemory: '64m',
    });
    expect(created).to.deep.equal({ ok: true, msg: 'success', resourcePreset: parsed });
    expect(await admin.resourcePresets.modify('x', { sharedMemory: '' })).to.deep.equal({
      ok: false,
      msg: 'resource preset "x" not found',
    });
    await admin.resourcePresets.delete('x');
    expect(sent.map((call) => call.query)).to.deep.equal([
      'query($name: String!) { resource_preset(name: $name) { name resource_slots shared_memory } }',
      'query { resource_presets { name resource_slots shared_memory } }',
      'mutation($name: String!, $props: CreateResourcePresetInput!) { create_resource_preset(name: $name, props: $props) { ok msg resource_preset { name resource_slots shared_memory } } }',
      'mutation($name: String!, $props: ModifyResourcePresetInput!) { modify_resource_preset(name: $name, props: $props) { ok msg } }',
      'mutation($name: String!) { delete_resource_preset(name: $name) { ok msg } }',
    ]);
    expect(sent[2]!.variables).to.deep.equal({
      name: 'small',
      props: { resource_slots: '{"cpu":1,"mem":"1g"}', shared_memory: '64m' },
    });
    expect(sent[3]!.variables).to.deep.equal({ name: 'x', props: { shared_memory: '' } });
  });

  it('refuses a field name that is not a name before sending anything', async () => {
    const { sent, admin } = recorder(() => ({}));
    try {
      await admin.users.page({ fields: ['email } compute_session_list { id'] });
      expect.fail('should have thrown');
    } catch (error) {
      expect((error as Error).message).to.include('is not a User field name');
    }
    expect(sent).to.have.length(0);
  });
});

describe('auth calls against a local stand-in', () => {
  let server: ManagerStandIn | undefined;
  afterEach(async () => server?.stop());

  it('authorize posts unsigned and hides the secret key from JSON; role and update-password are signed', async () => {
    server = new ManagerStandIn((request) => {
      if (request.path === '/auth/authorize')
        return {
          status: 200,
          body: { data: { access_key: 'AK1', secret_key: 'SK1', role: 'user', status: 'active' } },
        };
      if (request.path.startsWith('/auth/role'))
        return { status: 200, body: { global_role: 'user', domain_role: 'user', group_role: null } };
      return { status: 200, body: {} };
    });
    const endpoint = await server.start();
    const client = new Client(
      new ApiConfig({
        endpoints: [endpoint],
        accessKey: 'AKIAIOSFODNN7EXAMPLE',
        secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      }),
    );
    const keypair = await client.authorize('default', 'a@x', 'pw');
    expect(keypair.secretKey).to.equal('SK1');
    expect(JSON.stringify(keypair)).to.equal('{"accessKey":"AK1","role":"user","status":"active"}');
    expect(server.requests[0]).to.include({ method: 'POST', path: '/auth/authorize', signatureValid: null });
    expect(server.requests[0]!.json).to.deep.equal({
      type: 'keypair',
      domain: 'default',
      username: 'a@x',
      password: 'pw',
    });

    expect(await client.role({ group: 'g1' })).to.deep.equal({
      globalRole: 'user',
      domainRole: 'user',
      groupRole: null,
    });
    expect(server.requests[1]).to.include({
      method: 'GET',
      path: '/auth/role?group=g1',
      signatureValid: true,
    });
    await client.updatePassword('old', 'new');
    expect(server.requests[2]!.json).to.deep.equal({
      old_password: 'old',
      new_password: 'new',
      new_password2: 'new',
    });
    expect(server.requests[2]!.signatureValid).to.equal(true);
  });
});
