import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import Redis from 'ioredis';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { ALICE, bootGraphQLManager, signedCall } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';

describe('rate-limit-redis: two managers count one access key together', function () {
  this.timeout(60_000);
  const prefix = `test-ratelimit-${randomUUID()}:`;
  let inspector: Redis;
  const managers: ManagerDeployment[] = [];

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    const url = (await requireServices(['redis'])).redis;
    inspector = new Redis(url, { db: 1 });
    const features = [{ package: '@tessera/rate-limit-redis', config: { url, keyPrefix: prefix } }];
    // Alice's rate_limit is not set in the fixtures: the manager's default applies.
    const manager = { rateLimit: { defaultLimit: 4 } };
    managers.push(await bootGraphQLManager({ features, manager }));
    managers.push(await bootGraphQLManager({ features, manager }));
  });
  after(async () => {
    for (const deployment of managers) await deployment.stop();
    await inspector?.del(`${prefix}${ALICE.accessKey}`);
    inspector?.disconnect();
  });

  it('refuses the request past the limit whichever manager it reaches', async () => {
    const [first, second] = managers as [ManagerDeployment, ManagerDeployment];
    const statuses: number[] = [];
    for (const deployment of [first, second, first, second, first, second])
      statuses.push((await signedCall(deployment.endpoint, ALICE, 'GET', '/session/_/match?id=none')).status);
    expect(statuses).to.deep.equal([200, 200, 200, 200, 429, 429]);
    expect(await inspector.zcard(`${prefix}${ALICE.accessKey}`)).to.equal(6);
  });
});
