import { expect } from 'chai';
import {
  buildClientSchema,
  getIntrospectionQuery,
  parse,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { AdminApi, type GraphqlCaller } from '@tessera/client';
import {
  bootIdentityManager,
  signedCall,
  SUPERADMIN,
  type ManagerDeployment,
} from './support/identity-harness';

/** Thrown by the recording caller once it has the document: nothing is sent anywhere. */
class Recorded extends Error {}

/**
 * Every GraphQL document the admin SDK (`client.admin`) builds, each argument and option given so
 * that every argument it can send is in the document.
 */
async function sdkDocuments(): Promise<Array<{ call: string; query: string }>> {
  const documents: Array<{ call: string; query: string }> = [];
  let call = '';
  const caller: GraphqlCaller = {
    graphql: async (query: string) => {
      documents.push({ call, query });
      throw new Recorded(call);
    },
  };
  const admin = new AdminApi(caller);
  const id = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
  const calls: Record<string, () => Promise<unknown>> = {
    'domains.get': () => admin.domains.get('default'),
    'domains.get (own)': () => admin.domains.get(undefined),
    'domains.list': () => admin.domains.list({ isActive: true }),
    'domains.create': () =>
      admin.domains.create('d', {
        description: 'x',
        isActive: true,
        totalResourceSlots: { cpu: 1 },
        allowedVfolderHosts: ['local:volume1'],
        allowedDockerRegistries: ['cr'],
        integrationId: 'i',
      }),
    'domains.modify': () => admin.domains.modify('d', { name: 'e', description: 'y' }),
    'domains.delete': () => admin.domains.delete('d'),
    'domains.purge': () => admin.domains.purge('d'),
    'projects.get': () => admin.projects.get(id, { domainName: 'default' }),
    'projects.getByName': () => admin.projects.getByName('p', { domainName: 'default' }),
    'projects.list': () => admin.projects.list({ domainName: 'default', isActive: true }),
    'projects.create': () =>
      admin.projects.create('p', { domainName: 'default', description: 'x', resourcePolicy: 'r' }),
    'projects.modify': () => admin.projects.modify(id, { name: 'q', description: 'y' }),
    'projects.addMembers': () => admin.projects.addMembers(id, [id]),
    'projects.removeMembers': () => admin.projects.removeMembers(id, [id]),
    'projects.delete': () => admin.projects.delete(id),
    'projects.purge': () => admin.projects.purge(id),
    'users.get': () => admin.users.get('a@x', { domainName: 'default' }),
    'users.getByUuid': () => admin.users.getByUuid(id, { domainName: 'default' }),
    'users.list': () =>
      admin.users.list({ domainName: 'default', groupId: id, isActive: true, status: 'active' }),
    'users.page': () =>
      admin.users.page({
        limit: 5,
        offset: 1,
        order: '-email',
        search: 'a',
        domainName: 'default',
        groupId: id,
        isActive: true,
        status: 'active',
      }),
    'users.create': () =>
      admin.users.create('a@x', {
        username: 'a',
        password: 'p',
        needPasswordChange: false,
        domainName: 'default',
        groupIds: [id],
        resourcePolicy: 'r',
      }),
    'users.modify': () => admin.users.modify('a@x', { fullName: 'A', groupIds: [id] }),
    'users.delete': () => admin.users.delete('a@x'),
    'users.purge': () => admin.users.purge('a@x', { purgeSharedVfolders: true }),
    'keypairs.get': () => admin.keypairs.get('AK', { domainName: 'default' }),
    'keypairs.list': () => admin.keypairs.list({ domainName: 'default', email: 'a@x', isActive: true }),
    'keypairs.page': () =>
      admin.keypairs.page({
        limit: 5,
        offset: 1,
        order: '+access_key',
        domainName: 'default',
        email: 'a@x',
        isActive: true,
      }),
    'keypairs.create': () => admin.keypairs.create('a@x', { resourcePolicy: 'default', rateLimit: 1 }),
    'keypairs.modify': () => admin.keypairs.modify('AK', { isActive: false }),
    'keypairs.delete': () => admin.keypairs.delete('AK'),
  };
  for (const [name, policies] of [
    ['keypairResourcePolicies', admin.keypairResourcePolicies],
    ['userResourcePolicies', admin.userResourcePolicies],
    ['projectResourcePolicies', admin.projectResourcePolicies],
  ] as const) {
    const any = policies as unknown as {
      get(n: string): Promise<unknown>;
      list(): Promise<unknown>;
      create(n: string, props: object): Promise<unknown>;
      modify(n: string, props: object): Promise<unknown>;
      delete(n: string): Promise<unknown>;
    };
    calls[`${name}.get`] = () => any.get('r');
    calls[`${name}.list`] = () => any.list();
    calls[`${name}.create`] = () => any.create('r', { maxVfolderCount: 1 });
    calls[`${name}.modify`] = () => any.modify('r', { maxVfolderCount: 2 });
    calls[`${name}.delete`] = () => any.delete('r');
  }
  for (const [name, run] of Object.entries(calls)) {
    call = name;
    const error = await run().then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error, `${name} sent nothing`).to.be.instanceOf(Recorded);
  }
  return documents;
}

describe('manager-identity: every document the admin SDK sends is valid against the served schema', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let schema: GraphQLSchema;

  before(async () => {
    deployment = await bootIdentityManager({}, { api: { allowGraphqlSchemaIntrospection: true } });
    const answer = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/admin/gql', {
      query: getIntrospectionQuery(),
    });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    schema = buildClientSchema(answer.body['data'] as IntrospectionQuery);
  });
  after(async () => {
    await deployment?.stop();
  });

  it('validates each query and mutation of client.admin (fields, arguments, their types, selections)', async () => {
    const documents = await sdkDocuments();
    expect(documents.length).to.be.greaterThan(40);
    const invalid = documents
      .map(({ call, query }) => ({
        call,
        query,
        errors: validate(schema, parse(query)).map((error) => error.message),
      }))
      .filter((checked) => checked.errors.length > 0);
    expect(invalid, JSON.stringify(invalid, null, 2)).to.deep.equal([]);
  });

  it('refuses a document naming an argument the server lacks (the check can fail)', () => {
    const errors = validate(
      schema,
      parse('query($filter: String) { user_list(limit: 1, offset: 0, filterz: $filter) { total_count } }'),
    );
    expect(errors.map((error) => error.message).join('\n')).to.contain('filterz');
  });
});
