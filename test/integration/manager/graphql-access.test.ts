import { expect } from 'chai';
import type { ManagerDeployment } from './support/manager-deployment';
import {
  ALICE,
  BOB,
  DOMAIN_ADMIN,
  LAB_ADMIN,
  LAB_PROJECT_ID,
  LAB_USER,
  SUPERADMIN,
  bootGraphQLManager,
  createSession,
  gql,
  signedCall,
  statusReached,
  type Caller,
} from './graphql-harness';

const LIST = `query($access_key: String, $domain_name: String, $group_id: String) {
  compute_session_list(limit: 50, offset: 0, access_key: $access_key, domain_name: $domain_name, group_id: $group_id) {
    total_count
    items { name }
  }
}`;

describe('manager GraphQL: who sees which sessions (api-spec §8.1, §8.16)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  const ids: Record<string, string> = {};

  before(async () => {
    deployment = await bootGraphQLManager();
    for (const [caller, name] of [
      [ALICE, 'alice-one'],
      [ALICE, 'alice-two'],
      [BOB, 'bob-one'],
      [SUPERADMIN, 'admin-one'],
      [LAB_USER, 'lab-one'],
    ] as const) {
      ids[name] = await createSession(deployment, caller, name);
    }
  });
  after(async () => {
    await deployment?.stop();
  });

  /** The names a caller gets back for a listing with these filters, or the error it gets instead. */
  const listed = async (caller: Caller, filters: Record<string, unknown> = {}) => {
    const answer = await gql(deployment.endpoint, caller, LIST, filters);
    if (answer.errors) {
      const [error] = answer.errors as Array<{ message: string; extensions: { code: string } }>;
      return { error: error!.extensions.code, message: error!.message };
    }
    const list = answer.data!['compute_session_list'] as {
      total_count: number;
      items: Array<{ name: string }>;
    };
    return { total: list.total_count, names: list.items.map((s) => s.name).sort() };
  };
  const sessionName = async (caller: Caller, id: string) => {
    const answer = await gql(
      deployment.endpoint,
      caller,
      'query($id: UUID!) { compute_session(id: $id) { name } }',
      {
        id,
      },
    );
    return (answer.data!['compute_session'] as { name: string } | null)?.name ?? null;
  };

  describe('an ordinary user', () => {
    it('lists only the sessions of its own access key', async () => {
      expect(await listed(ALICE)).to.deep.equal({ total: 2, names: ['alice-one', 'alice-two'] });
      expect(await listed(ALICE, { access_key: ALICE.accessKey })).to.deep.equal({
        total: 2,
        names: ['alice-one', 'alice-two'],
      });
      expect(await listed(ALICE, { domain_name: 'default' })).to.deep.include({ total: 2 });
    });

    it("is refused another access key's sessions (forbidden), as upstream's scoped_query does", async () => {
      expect(await listed(ALICE, { access_key: BOB.accessKey })).to.deep.equal({
        error: 'forbidden',
        message: `A user may read sessions only for itself (action session.read on domain "default", access key "${BOB.accessKey}")`,
      });
      const legacy = await signedCall(deployment.endpoint, ALICE, 'POST', '/admin/graphql', {
        query: LIST,
        variables: { access_key: SUPERADMIN.accessKey },
      });
      expect(legacy.status).to.equal(400);
      expect(legacy.body['type']).to.equal('https://api.backend.ai/probs/graphql-error');
      expect((legacy.body['data'] as Array<{ extensions: { code: string } }>)[0]!.extensions.code).to.equal(
        'forbidden',
      );
    });

    it('is refused another domain, and a project of another domain widens nothing', async () => {
      expect(await listed(ALICE, { domain_name: 'lab' })).to.deep.include({ error: 'forbidden' });
      expect(await listed(ALICE, { group_id: LAB_PROJECT_ID })).to.deep.equal({ total: 0, names: [] });
    });

    it("gets null for another user's session and its containers, by id", async () => {
      expect(await sessionName(ALICE, ids['alice-one']!)).to.equal('alice-one');
      expect(await sessionName(ALICE, ids['bob-one']!)).to.equal(null);
      expect(await sessionName(ALICE, ids['lab-one']!)).to.equal(null);
      const container = await gql(
        deployment.endpoint,
        ALICE,
        'query($id: UUID!) { compute_container(id: $id) { id } }',
        { id: ids['bob-one'] },
      );
      expect(container.data).to.deep.equal({ compute_container: null });
      const containers = await gql(
        deployment.endpoint,
        ALICE,
        'query($id: UUID!) { compute_container_list(session_id: $id, limit: 10, offset: 0) { total_count items { id } } }',
        { id: ids['bob-one'] },
      );
      expect(containers.data).to.deep.equal({ compute_container_list: { total_count: 0, items: [] } });
    });
  });

  describe('ComputeContainer.agent', () => {
    const agentOf = async (caller: Caller, id: string) => {
      const answer = await gql(
        deployment.endpoint,
        caller,
        `query($id: UUID!) { compute_session(id: $id) { containers { agent } } compute_container(id: $id) { agent } }`,
        { id },
      );
      const data = answer.data as {
        compute_session: { containers: Array<{ agent: string | null }> };
        compute_container: { agent: string | null };
      };
      return [data.compute_session.containers[0]!.agent, data.compute_container.agent];
    };

    it('is null for the owner and for a domain admin, and the agent id for a superadmin', async () => {
      const id = ids['alice-one']!;
      await statusReached(deployment, id, 'RUNNING');
      expect(await agentOf(ALICE, id)).to.deep.equal([null, null]);
      expect(await agentOf(DOMAIN_ADMIN, id)).to.deep.equal([null, null]);
      expect(await agentOf(SUPERADMIN, id)).to.deep.equal(['agent-test', 'agent-test']);
    });

    it('and in ComputeSession.scheduling, agents are hidden-<n> for anybody but a superadmin', async () => {
      const id = ids['alice-one']!;
      const schedulingAgents = async (caller: Caller) => {
        const answer = await gql(
          deployment.endpoint,
          caller,
          'query($id: UUID!) { compute_session(id: $id) { scheduling { agent_ids } } }',
          { id },
        );
        return (answer.data!['compute_session'] as { scheduling: { agent_ids: string[] } }).scheduling
          .agent_ids;
      };
      expect(await schedulingAgents(ALICE)).to.deep.equal(['hidden-1']);
      expect(await schedulingAgents(DOMAIN_ADMIN)).to.deep.equal(['hidden-1']);
      expect(await schedulingAgents(SUPERADMIN)).to.deep.equal(['agent-test']);
    });
  });

  describe('a domain admin', () => {
    it('lists every session of its domain and narrows by access key, but not beyond the domain', async () => {
      expect(await listed(DOMAIN_ADMIN)).to.deep.equal({
        total: 4,
        names: ['admin-one', 'alice-one', 'alice-two', 'bob-one'],
      });
      expect(await listed(DOMAIN_ADMIN, { access_key: BOB.accessKey })).to.deep.equal({
        total: 1,
        names: ['bob-one'],
      });
      expect(await listed(DOMAIN_ADMIN, { access_key: LAB_USER.accessKey })).to.deep.equal({
        total: 0,
        names: [],
      });
      expect(await listed(DOMAIN_ADMIN, { group_id: LAB_PROJECT_ID })).to.deep.equal({ total: 0, names: [] });
    });

    it('is refused another domain, and gets null for its sessions by id', async () => {
      expect(await listed(DOMAIN_ADMIN, { domain_name: 'lab' })).to.deep.equal({
        error: 'forbidden',
        message:
          'An admin may read sessions only within its own domain, never for a superadmin (action session.read on domain "lab")',
      });
      expect(await sessionName(DOMAIN_ADMIN, ids['lab-one']!)).to.equal(null);
      expect(await sessionName(DOMAIN_ADMIN, ids['bob-one']!)).to.equal('bob-one');
      expect(await listed(LAB_ADMIN)).to.deep.equal({ total: 1, names: ['lab-one'] });
      expect(await sessionName(LAB_ADMIN, ids['alice-one']!)).to.equal(null);
    });
  });

  describe('a superadmin', () => {
    it('lists every session of every domain, and every filter narrows', async () => {
      expect(await listed(SUPERADMIN)).to.deep.include({ total: 5 });
      expect(await listed(SUPERADMIN, { domain_name: 'lab' })).to.deep.equal({
        total: 1,
        names: ['lab-one'],
      });
      expect(await listed(SUPERADMIN, { group_id: LAB_PROJECT_ID })).to.deep.equal({
        total: 1,
        names: ['lab-one'],
      });
      expect(await listed(SUPERADMIN, { access_key: ALICE.accessKey })).to.deep.equal({
        total: 2,
        names: ['alice-one', 'alice-two'],
      });
      expect(await sessionName(SUPERADMIN, ids['lab-one']!)).to.equal('lab-one');
    });
  });
});
