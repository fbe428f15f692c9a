import { describeLockConformance } from '@tessera/core/testing';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { randomNamespace } from '../../support/locks/random-namespace';
import { connectEtcdLocks, deleteEtcdNamespace, revokeEtcdHolderLeases } from './support/etcd-locks';

describe('lock-etcd against halfstack etcd', function () {
  let url: string;
  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['etcd'])).etcd;
  });

  describeLockConformance('etcd', async () => {
    const namespace = randomNamespace();
    const locks = await connectEtcdLocks(url, namespace);
    return {
      locks,
      breakLeases: async () => {
        await revokeEtcdHolderLeases(url, namespace);
      },
      close: async () => {
        await locks.close();
        await deleteEtcdNamespace(url, namespace);
      },
    };
  });
});
