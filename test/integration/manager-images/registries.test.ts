import { expect } from 'chai';
import type { ConfigStore } from '@tessera/core';
import {
  ALICE,
  bootImagesManager,
  DOMAIN_ADMIN,
  gql,
  LAB_ADMIN,
  MONITOR,
  SUPERADMIN,
  type Caller,
  type ManagerDeployment,
} from './support/registry-harness';

const REGISTRY_FIELDS = 'id hostname config { url type project username password ssl_verify }';
const CREATE = `mutation ($hostname: String!, $props: CreateContainerRegistryInput!) {
  create_container_registry(hostname: $hostname, props: $props) { container_registry { ${REGISTRY_FIELDS} } }
}`;
const MODIFY = `mutation ($hostname: String!, $props: ModifyContainerRegistryInput!) {
  modify_container_registry(hostname: $hostname, props: $props) { container_registry { ${REGISTRY_FIELDS} } }
}`;
const DELETE = `mutation ($hostname: String!) {
  delete_container_registry(hostname: $hostname) { container_registry { ${REGISTRY_FIELDS} } }
}`;
const ONE = `query ($hostname: String!) { container_registry(hostname: $hostname) { ${REGISTRY_FIELDS} } }`;
const ALL = `query { container_registries { ${REGISTRY_FIELDS} } }`;

const SECRET = 'registry-pass-Zq81';

describe('manager-images: container registries (GraphQL)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let store: ConfigStore;

  const call = (caller: Caller, query: string, variables: Record<string, unknown> = {}) =>
    gql(deployment.endpoint, caller, query, variables);
  const data = async (caller: Caller, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await call(caller, query, variables);
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    return answer.data!;
  };
  /** The one error of a refused call, whose field is null. */
  const refused = async (caller: Caller, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await call(caller, query, variables);
    expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
    for (const value of Object.values(answer.data ?? {})) expect(value).to.equal(null);
    return answer.errors![0] as { message: string; extensions: { code: string } };
  };
  const storedKeys = async () => (await store.list('config/docker/registry/')).map(([key]) => key);

  before(async () => {
    deployment = await bootImagesManager();
    store = deployment.test.kernel.resolve<ConfigStore>('config-store');
  });
  after(async () => {
    await deployment?.stop();
  });
  afterEach(async () => {
    await store.deletePrefix('config/docker/registry/');
  });

  it('creates, reads, lists, modifies and deletes a registry in config/docker/registry/<hostname>', async () => {
    const created = await data(SUPERADMIN, CREATE, {
      hostname: 'cr.example.com',
      props: {
        url: 'https://cr.example.com/',
        type: 'harbor2',
        project: ['stable', 'community'],
        username: 'robot',
        password: SECRET,
        ssl_verify: false,
      },
    });
    expect(created['create_container_registry']).to.deep.equal({
      container_registry: {
        id: 'cr.example.com',
        hostname: 'cr.example.com',
        config: {
          url: 'https://cr.example.com',
          type: 'harbor2',
          project: ['stable', 'community'],
          username: 'robot',
          password: '*****',
          ssl_verify: false,
        },
      },
    });
    // Backend.AI's layout, so that its tools and Tessera's read the same keys.
    expect(Object.fromEntries(await store.list('config/docker/registry/'))).to.deep.equal({
      'config/docker/registry/cr.example.com': 'https://cr.example.com',
      'config/docker/registry/cr.example.com/type': 'harbor2',
      'config/docker/registry/cr.example.com/project': 'stable,community',
      'config/docker/registry/cr.example.com/username': 'robot',
      'config/docker/registry/cr.example.com/password': SECRET,
      'config/docker/registry/cr.example.com/ssl-verify': 'false',
    });
    await data(SUPERADMIN, CREATE, {
      hostname: '127.0.0.1:5000',
      props: { url: 'http://127.0.0.1:5000', type: 'docker' },
    });

    const one = await data(SUPERADMIN, ONE, { hostname: '127.0.0.1:5000' });
    expect(one['container_registry']).to.deep.equal({
      id: '127.0.0.1:5000',
      hostname: '127.0.0.1:5000',
      config: {
        url: 'http://127.0.0.1:5000',
        type: 'docker',
        project: null,
        username: null,
        password: null,
        ssl_verify: true,
      },
    });
    const all = await data(SUPERADMIN, ALL);
    expect((all['container_registries'] as Array<{ hostname: string }>).map((r) => r.hostname)).to.deep.equal(
      ['127.0.0.1:5000', 'cr.example.com'],
    );
    expect((await data(SUPERADMIN, ONE, { hostname: 'missing.example.com' }))['container_registry']).to.equal(
      null,
    );

    const modified = await data(SUPERADMIN, MODIFY, {
      hostname: 'cr.example.com',
      props: { project: ['stable'], password: '', ssl_verify: true },
    });
    expect(modified['modify_container_registry']).to.deep.include({
      container_registry: {
        id: 'cr.example.com',
        hostname: 'cr.example.com',
        config: {
          url: 'https://cr.example.com',
          type: 'harbor2',
          project: ['stable'],
          username: 'robot',
          password: null,
          ssl_verify: true,
        },
      },
    });
    expect(await store.get('config/docker/registry/cr.example.com/password')).to.equal(null);

    const deleted = await data(SUPERADMIN, DELETE, { hostname: 'cr.example.com' });
    expect(
      (deleted['delete_container_registry'] as { container_registry: { hostname: string } })
        .container_registry.hostname,
    ).to.equal('cr.example.com');
    expect(await storedKeys()).to.deep.equal([
      'config/docker/registry/127.0.0.1:5000',
      'config/docker/registry/127.0.0.1:5000/ssl-verify',
      'config/docker/registry/127.0.0.1:5000/type',
    ]);
  });

  it('never answers nor logs the password', async () => {
    await data(SUPERADMIN, CREATE, {
      hostname: 'secret.example.com',
      props: { url: 'https://secret.example.com', type: 'docker', username: 'u', password: SECRET },
    });
    await data(SUPERADMIN, MODIFY, { hostname: 'secret.example.com', props: { password: `${SECRET}-2` } });
    const answers = JSON.stringify([
      await data(SUPERADMIN, ALL),
      await data(SUPERADMIN, ONE, { hostname: 'secret.example.com' }),
    ]);
    expect(answers).not.to.include(SECRET);
    expect(answers).to.include('"password":"*****"');
    expect(JSON.stringify(deployment.test.logs)).not.to.include(SECRET);
    expect(deployment.test.logs.some((line) => line['msg'] === 'container registry modified')).to.equal(true);
  });

  describe('refuses everyone but a superadmin, writing nothing', () => {
    const callers: Array<[string, Caller]> = [
      ['domain admin', DOMAIN_ADMIN],
      ['user', ALICE],
      ['monitor', MONITOR],
      ["another domain's admin", LAB_ADMIN],
    ];
    for (const [name, caller] of callers) {
      it(`${name}: reads and writes are forbidden`, async () => {
        await data(SUPERADMIN, CREATE, {
          hostname: 'kept.example.com',
          props: { url: 'https://kept.example.com', type: 'docker', password: SECRET },
        });
        const before = await store.list('config/docker/registry/');
        for (const [query, variables] of [
          [ALL, {}],
          [ONE, { hostname: 'kept.example.com' }],
          [
            CREATE,
            { hostname: 'new.example.com', props: { url: 'https://new.example.com', type: 'docker' } },
          ],
          [MODIFY, { hostname: 'kept.example.com', props: { url: 'https://evil.example.com' } }],
          [DELETE, { hostname: 'kept.example.com' }],
        ] as const) {
          const error = await refused(caller, query, variables);
          expect(error.extensions.code, error.message).to.equal('forbidden');
          expect(error.message).not.to.include(SECRET);
        }
        expect(await store.list('config/docker/registry/')).to.deep.equal(before);
      });
    }
  });

  describe('refuses bad input naming the field, writing nothing', () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [
        'a URL that is not one',
        CREATE,
        { hostname: 'a.example.com', props: { url: 'not a url', type: 'docker' } },
        'props.url',
      ],
      [
        'a URL of another scheme',
        CREATE,
        { hostname: 'a.example.com', props: { url: 'ftp://a.example.com', type: 'docker' } },
        'props.url',
      ],
      [
        'an unknown type',
        CREATE,
        { hostname: 'a.example.com', props: { url: 'https://a.example.com', type: 'quay' } },
        'props.type',
      ],
      [
        'a hostname with a scheme',
        CREATE,
        { hostname: 'https://a.example.com', props: { url: 'https://a.example.com', type: 'docker' } },
        'hostname',
      ],
      [
        'a hostname with a slash',
        CREATE,
        { hostname: 'a.example.com/x', props: { url: 'https://a.example.com', type: 'docker' } },
        'hostname',
      ],
      [
        'a bad project',
        CREATE,
        {
          hostname: 'a.example.com',
          props: { url: 'https://a.example.com', type: 'docker', project: ['ok', 'Not,OK'] },
        },
        'props.project[1]',
      ],
      [
        'a modify with a bad URL',
        MODIFY,
        { hostname: 'base.example.com', props: { url: 'base.example.com' } },
        'props.url',
      ],
      [
        'a modify with an unknown type',
        MODIFY,
        { hostname: 'base.example.com', props: { type: 'gitlab' } },
        'props.type',
      ],
      [
        'a modify of an unknown hostname',
        MODIFY,
        { hostname: 'missing.example.com', props: { type: 'docker' } },
        'hostname',
      ],
      ['a delete of an unknown hostname', DELETE, { hostname: 'missing.example.com' }, 'hostname'],
      [
        'a second registry of the same hostname',
        CREATE,
        { hostname: 'base.example.com', props: { url: 'https://other.example.com', type: 'docker' } },
        'hostname',
      ],
    ];
    for (const [what, query, variables, field] of cases) {
      it(what, async () => {
        await data(SUPERADMIN, CREATE, {
          hostname: 'base.example.com',
          props: { url: 'https://base.example.com', type: 'docker' },
        });
        const before = await store.list('config/docker/registry/');
        const answer = await call(SUPERADMIN, query, variables);
        expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
        const error = answer.errors![0] as { message: string; extensions: Record<string, unknown> };
        expect(error.message).to.include(field);
        expect(error.extensions['code']).to.be.oneOf([
          'invalid-api-params',
          'object-not-found',
          'object-already-exists',
        ]);
        expect(await store.list('config/docker/registry/')).to.deep.equal(before);
      });
    }
  });
});
