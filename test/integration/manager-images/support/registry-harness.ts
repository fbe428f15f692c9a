import { bootGraphQLManager, type Caller } from '../../manager/graphql-harness';
import type { ManagerDeployment } from '../../manager/support/manager-deployment';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../../support/halfstack';
import { SseClient } from '../../manager-events/support/sse-client';

export { ALICE, DOMAIN_ADMIN, LAB_ADMIN, SUPERADMIN, gql, type Caller } from '../../manager/graphql-harness';
export { eventually, type ManagerDeployment } from '../../manager/support/manager-deployment';
export { SseClient, type ReceivedEvent } from '../../manager-events/support/sse-client';
export { HALFSTACK_UP_TIMEOUT_MS, requireServices };
export {
  BASE_IMAGE,
  configDigest,
  deleteBlob,
  labelledImage,
  pushImage,
  pushManifestList,
  removeLocalImages,
  uniqueProject,
} from '../../../support/registry-images';

/** A monitor of `default`. */
export const MONITOR: Caller = {
  accessKey: 'AKIAIMGMONITOR000001',
  secretKey: 'imagesTestMonitorSecret00000000000000001',
};

/**
 * The embedded GraphQL test manager (graphql-harness: superadmin, domain admins, users) with
 * `@tessera/manager-events` and `@tessera/manager-images`, plus a monitor of `default`.
 */
export async function bootImagesManager(): Promise<ManagerDeployment> {
  const deployment = await bootGraphQLManager({
    features: [{ package: '@tessera/manager-events' }, { package: '@tessera/manager-images' }],
  });
  await deployment.db.fixtures.populate({
    users: [{ email: 'monitor@lablup.com', username: 'monitor', role: 'monitor', domain_name: 'default' }],
    keypairs: [
      {
        access_key: MONITOR.accessKey,
        secret_key: MONITOR.secretKey,
        user_id: 'monitor@lablup.com',
        is_admin: false,
        resource_policy: 'default',
      },
    ],
  });
  return deployment;
}

/** Follows a background task to its end: every event it streamed, the terminal one last. */
export async function followTask(
  deployment: ManagerDeployment,
  caller: Caller,
  taskId: string,
  timeoutMs = 60_000,
) {
  const stream = await SseClient.open(
    deployment.endpoint,
    caller,
    `/events/background-task?task_id=${taskId}`,
  );
  await stream.end(timeoutMs);
  return stream.events;
}
