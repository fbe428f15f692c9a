import { randomUUID } from 'node:crypto';
import { describeConfigStoreConformance } from '@tessera/core/testing';
import { createLogger } from '@tessera/core';
import { EtcdConfigStore } from '@tessera/config-store-etcd';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';

const silent = createLogger({ level: 'silent' });

describe('config-store-etcd on the halfstack etcd', function () {
  let endpoint: string;
  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    endpoint = (await requireServices(['etcd'])).etcd;
  });

  // Each test gets an empty namespace of its own, removed afterwards.
  describeConfigStoreConformance('etcd', async () => {
    const store = new EtcdConfigStore(
      { endpoints: [endpoint], namespace: `test-${randomUUID()}`, requestTimeoutMs: 5000 },
      silent,
    );
    await store.connect();
    return {
      store,
      close: async () => {
        await store.deletePrefix('');
        await store.close();
      },
    };
  });
});
