import { type Caller, SUPERADMIN } from '../../manager/graphql-harness';
import type { ManagerDeployment } from '../../manager/support/manager-deployment';

export { SUPERADMIN };

/** A user of `default` in the projects `default` and `research`, with a small LIMITED policy. */
export const ALICE: Caller = {
  accessKey: 'AKIARESOURCEALICE001',
  secretKey: 'resourceTestAliceSecret0000000000000001',
};
/** A user of `default` who belongs to no project. */
export const BOB: Caller = {
  accessKey: 'AKIARESOURCEBOB00001',
  secretKey: 'resourceTestBobSecret000000000000000001',
};

export const ALICE_ID = 'e2a0c7a2-2222-4a4a-9b9b-000000000001';
export const BOB_ID = 'e2a0c7a2-2222-4a4a-9b9b-000000000002';
export const DEFAULT_PROJECT_ID = '2de2b969-1d04-48a6-af16-0bc8adb3c831';
export const RESEARCH_PROJECT_ID = 'e2a0c7a2-2222-4a4a-9b9b-0000000000aa';

/**
 * Beside the example tenant: project `research` (at most 2 cpu), its resource group `research-pool`
 * (no agent) and `hidden-pool` (associated with nobody), a group preset of `research-pool`, and
 * Alice's policy `small` (3 cpu, 6 GiB, other slots none).
 */
const TENANTS = {
  keypair_resource_policies: [
    {
      name: 'small',
      default_for_unspecified: 'LIMITED',
      total_resource_slots: { cpu: '3', mem: '6g' },
      max_concurrent_sessions: 5,
      max_containers_per_session: 2,
    },
  ],
  resource_groups: [
    { name: 'research-pool', description: 'Research only', scheduler: 'fifo' },
    { name: 'hidden-pool', description: 'Nobody may use it', scheduler: 'fifo' },
  ],
  groups: [
    {
      id: RESEARCH_PROJECT_ID,
      name: 'research',
      domain_name: 'default',
      total_resource_slots: { cpu: '2' },
    },
  ],
  users: [
    {
      uuid: ALICE_ID,
      email: 'alice@resources.test',
      username: 'alice',
      role: 'user',
      domain_name: 'default',
    },
    { uuid: BOB_ID, email: 'bob@resources.test', username: 'bob', role: 'user', domain_name: 'default' },
  ],
  association_groups_users: [
    { group_id: DEFAULT_PROJECT_ID, user_id: ALICE_ID },
    { group_id: RESEARCH_PROJECT_ID, user_id: ALICE_ID },
  ],
  keypairs: [
    { ...keypair(ALICE), user_id: 'alice@resources.test', resource_policy: 'small' },
    { ...keypair(BOB), user_id: 'bob@resources.test', resource_policy: 'default' },
  ],
  resource_groups_for_groups: [{ resource_group: 'research-pool', group: RESEARCH_PROJECT_ID }],
  resource_presets: [
    { name: 'research-gpu', resource_slots: { cpu: '1', mem: '1g' }, resource_group: 'research-pool' },
  ],
};

function keypair(caller: Caller) {
  return { access_key: caller.accessKey, secret_key: caller.secretKey, is_admin: false };
}

export async function populateTenants(deployment: ManagerDeployment): Promise<void> {
  await deployment.db.fixtures.populate(TENANTS);
}
