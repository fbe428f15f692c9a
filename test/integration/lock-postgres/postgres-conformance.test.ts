import { describeLockConformance } from '@tessera/core/testing';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { randomNamespace } from '../../support/locks/random-namespace';
import { connectPostgresLocks, terminatePostgresHolders } from './support/postgres-locks';

describe('lock-postgres against halfstack PostgreSQL', function () {
  let url: string;
  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['postgres'])).postgres;
  });

  describeLockConformance('postgres', async () => {
    const namespace = randomNamespace();
    const locks = await connectPostgresLocks(url, namespace);
    return {
      locks,
      breakLeases: async () => {
        await terminatePostgresHolders(url, namespace);
      },
      close: () => locks.close(),
    };
  });
});
