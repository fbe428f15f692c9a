import { describeLockConformance } from '@tessera/core/testing';
import { InProcessLockService } from '@tessera/lock-embedded';

describeLockConformance('in-process', async () => {
  const locks = new InProcessLockService();
  return { locks, close: async () => {}, breakLeases: async () => locks.revokeAll() };
});
