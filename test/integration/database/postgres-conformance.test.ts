import { describeDatabaseConformance } from '@tessera/core/testing';
import { HALFSTACK_UP_TIMEOUT_MS } from '../../support/halfstack';
import { ormDatabaseUnderTest } from '../../support/database-conformance';
import { migratedScratchDatabase } from './support/database-drivers';
import type { ScratchDatabase } from './support/postgres-scratch';

describe('database plugin on halfstack PostgreSQL', function () {
  // One migrated scratch database for the whole suite: the suite's tests use ids of their own.
  let scratch: ScratchDatabase | undefined;
  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    scratch = await migratedScratchDatabase();
  });
  after(async () => scratch?.drop());

  describeDatabaseConformance('postgresql', () => ormDatabaseUnderTest(scratch!.config));
});
