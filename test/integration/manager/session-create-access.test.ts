import { expect } from 'chai';
import type { ManagerDeployment } from './support/manager-deployment';
import {
  ALICE,
  BOB,
  DOMAIN_ADMIN,
  LAB_ADMIN,
  LAB_USER,
  SUPERADMIN,
  bootGraphQLManager,
  signedCall,
  type Caller,
} from './graphql-harness';

/**
 * Who may create what through POST /session, decided by the permission table: system sessions and
 * designated agents (`session.create-system`, `session.designate-agents`) and acting for another
 * keypair (`keypair.act-for`). Each refusal is asserted with nothing created.
 */
describe('manager: the permission table on session creation (system sessions, agentList, owner_access_key)', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let counter = 0;

  before(async () => {
    deployment = await bootGraphQLManager();
  });
  after(async () => {
    await deployment?.stop();
  });

  /** POSTs a session (queued only) and answers the status, the problem's title, and whether it exists. */
  async function create(
    caller: Caller,
    extra: Record<string, unknown>,
  ): Promise<{ status: number; title: unknown; owner: string | null }> {
    counter += 1;
    const name = `access-${counter}`;
    const answer = await signedCall(deployment.endpoint, caller, 'POST', '/session', {
      image: 'python',
      clientSessionToken: name,
      enqueueOnly: true,
      ...extra,
    });
    const sessions = await deployment.db.sessions.list({ limit: 100, offset: 0 });
    const created = sessions.items.find((session) => session.name === name);
    return { status: answer.status, title: answer.body['title'], owner: created?.accessKey ?? null };
  }

  it('refuses a system session to a user, creating nothing, and lets admins create one', async () => {
    const refused = await create(ALICE, { type: 'system' });
    expect(refused).to.deep.equal({
      status: 403,
      title: 'A user may not create system sessions (action session.create-system)',
      owner: null,
    });
    expect(await create(DOMAIN_ADMIN, { type: 'system' })).to.deep.include({
      status: 201,
      owner: DOMAIN_ADMIN.accessKey,
    });
    expect(await create(SUPERADMIN, { type: 'system' })).to.deep.include({
      status: 201,
      owner: SUPERADMIN.accessKey,
    });
  });

  it('refuses designated agents to a user, creating nothing', async () => {
    const refused = await create(BOB, { config: { agentList: ['i-agent-1'] } });
    expect(refused).to.deep.equal({
      status: 403,
      title: 'A user may not assign agents to a session (action session.designate-agents)',
      owner: null,
    });
  });

  it('refuses owner_access_key to a user, and answers another domain’s keypair as unknown to a domain admin', async () => {
    expect(await create(ALICE, { owner_access_key: BOB.accessKey })).to.deep.equal({
      status: 403,
      title: 'A user may not act on behalf of another access key (owner_access_key) (action keypair.act-for)',
      owner: null,
    });
    expect(await create(DOMAIN_ADMIN, { owner_access_key: LAB_USER.accessKey })).to.deep.equal({
      status: 400,
      title: `Unknown owner access key "${LAB_USER.accessKey}"`,
      owner: null,
    });
    // A domain admin may not act for a superadmin's keypair, even in its own domain.
    expect(await create(DOMAIN_ADMIN, { owner_access_key: SUPERADMIN.accessKey })).to.deep.include({
      status: 400,
      owner: null,
    });
    expect(await create(LAB_ADMIN, { owner_access_key: LAB_USER.accessKey })).to.deep.include({
      status: 201,
      owner: LAB_USER.accessKey,
    });
    expect(await create(SUPERADMIN, { owner_access_key: LAB_USER.accessKey })).to.deep.include({
      status: 201,
      owner: LAB_USER.accessKey,
    });
  });

  it('lets a domain admin create a system session only for owners of its own domain', async () => {
    expect(await create(LAB_ADMIN, { type: 'system', owner_access_key: LAB_USER.accessKey })).to.deep.include(
      { status: 201, owner: LAB_USER.accessKey },
    );
    expect(await create(DOMAIN_ADMIN, { type: 'system', owner_access_key: ALICE.accessKey })).to.deep.include(
      {
        status: 201,
        owner: ALICE.accessKey,
      },
    );
  });
});
