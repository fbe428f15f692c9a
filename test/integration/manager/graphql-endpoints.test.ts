import { expect } from 'chai';
import type { ManagerDeployment } from './support/manager-deployment';
import { ALICE, SUPERADMIN, bootGraphQLManager, createSession, signedCall } from './graphql-harness';

const ONE_SESSION = `query($id: UUID!) { compute_session(id: $id) { id name status } }`;

describe('manager GraphQL: /admin/graphql and /admin/gql', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;
  let sessionId: string;

  before(async () => {
    deployment = await bootGraphQLManager();
    sessionId = await createSession(deployment, ALICE, 'endpoint-check', {
      config: { resources: { cpu: 8 } },
    });
  });
  after(async () => {
    await deployment?.stop();
  });

  it('answers the legacy endpoint with the data unwrapped at the root', async () => {
    const answer = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/graphql', {
      query: ONE_SESSION,
      variables: { id: sessionId },
    });
    expect(answer.status).to.equal(200);
    expect(answer.contentType).to.match(/^application\/json/);
    expect(answer.body).to.deep.equal({
      compute_session: { id: sessionId, name: 'endpoint-check', status: 'PENDING' },
    });
  });

  it('turns any GraphQL error on the legacy endpoint into a 400 graphql-error problem carrying the errors', async () => {
    const answer = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/graphql', {
      query: '{ compute_session_list(limit: 10, offset: 0) { total_count nonsense } }',
    });
    expect(answer.status).to.equal(400);
    expect(answer.contentType).to.match(/^application\/problem\+json/);
    expect(answer.body).to.deep.include({
      type: 'https://api.backend.ai/probs/graphql-error',
      title: 'GraphQL error: Cannot query field "nonsense" on type "ComputeSessionList".',
    });
    const errors = answer.body['data'] as Array<{ message: string; locations: unknown }>;
    expect(errors).to.have.length(1);
    expect(errors[0]!.locations).to.deep.equal([{ line: 1, column: 60 }]);

    const refused = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/graphql', {
      query: '{ compute_session_list(limit: 500, offset: 0) { total_count } }',
    });
    expect(refused.status).to.equal(400);
    expect(refused.body['title']).to.equal('GraphQL error: limit must be between 1 and 100 (got 500)');
    expect(refused.body['data']).to.deep.equal([
      {
        message: 'limit must be between 1 and 100 (got 500)',
        locations: [{ line: 1, column: 3 }],
        path: ['compute_session_list'],
        extensions: { code: 'invalid-api-params', type: 'https://api.backend.ai/probs/invalid-api-params' },
      },
    ]);
  });

  it('answers /admin/gql with the standard {data, errors}, partial data included', async () => {
    const ok = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/gql', {
      query: ONE_SESSION,
      variables: { id: sessionId },
    });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({
      data: { compute_session: { id: sessionId, name: 'endpoint-check', status: 'PENDING' } },
    });

    const partial = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/gql', {
      query: `query($id: UUID!) {
        compute_session(id: $id) { name }
        compute_session_list(limit: 1, offset: 0, order_key: "colour") { total_count }
      }`,
      variables: { id: sessionId },
    });
    expect(partial.status).to.equal(200);
    expect(partial.body['data']).to.deep.equal({
      compute_session: { name: 'endpoint-check' },
      compute_session_list: null,
    });
    const [error] = partial.body['errors'] as Array<{ message: string; extensions: { code: string } }>;
    expect(error!.message).to.match(/^Unknown order_key "colour"; use one of id, name, type, status, /);
    expect(error!.extensions.code).to.equal('invalid-api-params');
  });

  it('picks the operation named by operation_name or operationName', async () => {
    const query = `query first { compute_session_list(limit: 1, offset: 0) { total_count } }
      query second($id: UUID!) { compute_session(id: $id) { name } }`;
    for (const key of ['operation_name', 'operationName']) {
      const answer = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/graphql', {
        query,
        variables: { id: sessionId },
        [key]: 'second',
      });
      expect(answer.body, key).to.deep.equal({ compute_session: { name: 'endpoint-check' } });
    }
    const ambiguous = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/gql', { query });
    expect((ambiguous.body['errors'] as Array<{ message: string }>)[0]!.message).to.equal(
      'Must provide operation name if query contains multiple operations.',
    );
  });

  it('refuses bodies without a query, or with variables that are not an object, naming the field', async () => {
    for (const path of ['/admin/graphql', '/admin/gql']) {
      const missing = await signedCall(deployment.endpoint, ALICE, 'POST', path, { variables: {} });
      expect(missing.status).to.equal(400);
      expect(missing.body).to.deep.include({
        type: 'https://api.backend.ai/probs/invalid-api-params',
        title: 'Missing parameter "query"',
      });
      const badVariables = await signedCall(deployment.endpoint, ALICE, 'POST', path, {
        query: ONE_SESSION,
        variables: '{"id": 1}',
      });
      expect(badVariables.status).to.equal(400);
      expect(badVariables.body['title']).to.equal('Invalid parameter variables: must be object,null');
    }
    const syntax = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/gql', {
      query: '{ compute_session(',
    });
    expect(syntax.status).to.equal(200);
    expect((syntax.body['errors'] as Array<{ message: string }>)[0]!.message).to.match(/^Syntax Error/);
  });

  it('refuses unsigned requests like every other authenticated route', async () => {
    const response = await fetch(`${deployment.endpoint}/admin/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).to.equal(401);
    expect(((await response.json()) as { type: string }).type).to.equal(
      'https://api.backend.ai/probs/auth-failed',
    );
  });

  it('refuses schema introspection by default, superadmins included, but answers __typename', async () => {
    const answer = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/admin/gql', {
      query: '{ __schema { queryType { name } } }',
    });
    expect(answer.body['data']).to.equal(undefined);
    expect((answer.body['errors'] as Array<{ message: string }>)[0]!.message).to.equal(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    const typeQuery = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/admin/graphql', {
      query: '{ __type(name: "ComputeSession") { name } }',
    });
    expect(typeQuery.status).to.equal(400);
    const typename = await signedCall(deployment.endpoint, SUPERADMIN, 'POST', '/admin/graphql', {
      query: '{ __typename }',
    });
    expect(typename.body).to.deep.equal({ __typename: 'Query' });
  });

  it('versions the path like the REST routes: /v9/admin/graphql works too', async () => {
    const answer = await signedCall(deployment.endpoint, ALICE, 'POST', '/v9/admin/graphql', {
      query: ONE_SESSION,
      variables: { id: sessionId.replace(/-/g, '').toUpperCase() },
    });
    expect(answer.body).to.deep.equal({
      compute_session: { id: sessionId, name: 'endpoint-check', status: 'PENDING' },
    });
  });
});

describe('manager GraphQL: introspection switched on (api.allowGraphqlSchemaIntrospection)', function () {
  this.timeout(20_000);
  let deployment: ManagerDeployment;

  before(async () => {
    deployment = await bootGraphQLManager({ manager: { api: { allowGraphqlSchemaIntrospection: true } } });
  });
  after(async () => {
    await deployment?.stop();
  });

  it('answers __schema with the snake_case fields and the custom scalars', async () => {
    const answer = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/gql', {
      query: `{ __schema { queryType { fields { name } } }
                session: __type(name: "ComputeSession") { fields { name } }
                scalars: __schema { types { name kind } } }`,
    });
    const data = answer.body['data'] as {
      __schema: { queryType: { fields: Array<{ name: string }> } };
      session: { fields: Array<{ name: string }> };
      scalars: { types: Array<{ name: string; kind: string }> };
    };
    // The sessions feature's queries, and the scheduling feature's agent queries.
    expect(data.__schema.queryType.fields.map((f) => f.name).sort()).to.deep.equal([
      'agent',
      'agent_list',
      'agents',
      'compute_container',
      'compute_container_list',
      'compute_session',
      'compute_session_list',
    ]);
    const fields = data.session.fields.map((f) => f.name);
    expect(fields).to.include.members([
      'status_changed',
      'occupied_slots',
      'containers',
      'dependencies',
      'scheduling',
    ]);
    expect(fields.filter((name) => /[A-Z]/.test(name))).to.deep.equal([]);
    const scalars = data.scalars.types.filter((t) => t.kind === 'SCALAR').map((t) => t.name);
    expect(scalars).to.include.members(['UUID', 'DateTime', 'BigInt', 'JSONString']);
  });
});
