import type { AgentRpcDirectory, EventName, SessionRecord } from '@tessera/core';
import {
  bootManager,
  eventually,
  sdkClient,
  type BackendAiClient,
  type ManagerConfigs,
  type ManagerDeployment,
} from '../../manager/support/manager-deployment';
import { ScriptedAgent } from '../../manager/support/scripted-agent';

export { eventually, sdkFailure } from '../../manager/support/manager-deployment';

/** A manager on the embedded tiles with two scripted agents (4 cpu, 8 GiB each) and a signed client. */
export interface SchedulingDeployment extends ManagerDeployment {
  client: BackendAiClient;
  second: ScriptedAgent;
  /** Every event of these names the bus carried, in order. */
  events: Array<{ name: EventName; payload: Record<string, unknown> }>;
  signed(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  session(name: string): Promise<SessionRecord>;
}

const WATCHED: EventName[] = [
  'session_scheduled',
  'session_preparing',
  'session_started',
  'session_terminated',
  'session_cancelled',
  'session_success',
  'session_failure',
];

export async function bootScheduling(configs: ManagerConfigs = {}): Promise<SchedulingDeployment> {
  const deployment = await bootManager(configs);
  const directory = deployment.test.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory');
  const second = new ScriptedAgent(deployment.bus, 'agent-two');
  directory.bind(second.address, second);
  await second.heartbeat();
  await eventually(async () => (await deployment.db.agents.get('agent-two')) !== null, 'the second agent');
  const events: SchedulingDeployment['events'] = [];
  for (const name of WATCHED) {
    await deployment.bus.subscribe(name, 'scheduling-test', async (event) => {
      events.push({ name, payload: event.payload as Record<string, unknown> });
    });
  }
  const client = sdkClient(deployment.endpoint);
  await client.get_manager_version();
  const signed = (method: string, path: string, body: unknown = null) =>
    client._wrapWithPromise(client.newSignedRequest(method, path, body));
  const session = async (name: string): Promise<SessionRecord> => {
    const live = await deployment.db.sessions.findActiveByName('AKIAIOSFODNN7EXAMPLE', name);
    if (live) return live;
    const ended = (await deployment.db.sessions.listByStatus(['TERMINATED', 'CANCELLED', 'ERROR'])).find(
      (s) => s.name === name,
    );
    if (!ended) throw new Error(`no session ${name}`);
    return ended;
  };
  return { ...deployment, client, second, events, signed, session };
}

/** An ordinary user (role `user`) of the default domain and project with a keypair of its own. */
export async function addUser(
  d: ManagerDeployment,
  user: { uuid: string; email: string; accessKey: string; secretKey: string; resourcePolicy?: string },
): Promise<void> {
  await d.db.fixtures.populate({
    users: [
      {
        uuid: user.uuid,
        email: user.email,
        username: user.email.split('@')[0],
        role: 'user',
        domain_name: 'default',
        main_access_key: user.accessKey,
      },
    ],
    association_groups_users: [{ group_id: '2de2b969-1d04-48a6-af16-0bc8adb3c831', user_id: user.uuid }],
    keypairs: [
      {
        access_key: user.accessKey,
        secret_key: user.secretKey,
        user_id: user.email,
        resource_policy: user.resourcePolicy ?? 'default',
      },
    ],
  });
}
