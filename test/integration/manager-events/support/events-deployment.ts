import { randomUUID } from 'node:crypto';
import {
  bootGraphQLManager,
  createSession,
  signedCall,
  statusReached,
  type Caller,
} from '../../manager/graphql-harness';
import type { ManagerDeployment } from '../../manager/support/manager-deployment';
import { SseClient } from './sse-client';

export { ALICE, BOB, DOMAIN_ADMIN, LAB_ADMIN, SUPERADMIN, type Caller } from '../../manager/graphql-harness';
export { eventually } from '../../manager/support/manager-deployment';

/** The embedded manager with the GraphQL tests' tenants and `@tessera/manager-events`. */
export function bootEventsManager(config: Record<string, unknown> = {}): Promise<ManagerDeployment> {
  return bootGraphQLManager({ features: [{ package: '@tessera/manager-events', config }] });
}

export function openStream(
  deployment: ManagerDeployment,
  caller: Caller,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  return SseClient.open(deployment.endpoint, caller, path, headers);
}

/** Creates a session through the API and waits for it to run; answers its id. */
export async function runSession(
  deployment: ManagerDeployment,
  caller: Caller,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = await createSession(deployment, caller, name, extra);
  await statusReached(deployment, id, 'RUNNING');
  return id;
}

/** Terminates a session through the API (`DELETE /session/:name`). */
export async function terminateSession(
  deployment: ManagerDeployment,
  caller: Caller,
  name: string,
): Promise<void> {
  const answer = await signedCall(deployment.endpoint, caller, 'DELETE', `/session/${name}`);
  if (answer.status >= 300) throw new Error(`DELETE /session/${name} answered ${answer.status}`);
}

/** The log lines the manager wrote with this message. */
export function logsNamed(deployment: ManagerDeployment, message: string): Array<Record<string, unknown>> {
  return deployment.test.logs.filter((line) => line['msg'] === message);
}

export const newTaskId = (): string => randomUUID();
