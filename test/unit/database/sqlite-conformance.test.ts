import { expect } from 'chai';
import type { Database, SessionRepository } from '@tessera/core';
import { describeDatabaseConformance, type DatabaseUnderTest } from '@tessera/core/testing';
import { ormDatabaseUnderTest } from '../../support/database-conformance';
import { runConformanceSuite } from '../../support/run-conformance-suite';

describeDatabaseConformance('sqlite (in memory)', () => ormDatabaseUnderTest());

/** The database under test with its session repository's methods replaced by `overrides`. */
async function withSessions(
  overrides: (inner: SessionRepository) => Partial<SessionRepository>,
): Promise<DatabaseUnderTest> {
  const subject = await ormDatabaseUnderTest();
  const inner = subject.database;
  const sessions: SessionRepository = Object.assign(
    Object.create(inner.sessions) as SessionRepository,
    overrides(inner.sessions),
  );
  const database: Database = {
    keypairs: inner.keypairs,
    agents: inner.agents,
    images: inner.images,
    sessions,
    resourcePolicies: inner.resourcePolicies,
    resourceGroups: inner.resourceGroups,
    resourcePresets: inner.resourcePresets,
    identity: inner.identity,
    vfolders: inner.vfolders,
    schema: inner.schema,
    fixtures: inner.fixtures,
  };
  return { ...subject, database };
}

describe('the database/v1 conformance suite catches broken databases', function () {
  this.timeout(60_000);

  it('fails a database that ignores the expected status (no compare-and-set)', async () => {
    const outcome = await runConformanceSuite(() =>
      describeDatabaseConformance('status writes without compare-and-set', () =>
        withSessions((inner) => ({
          setSessionStatus: (sessionId, status, { expect: _ignored, ...info }) =>
            inner.setSessionStatus(sessionId, status, info),
        })),
      ),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'writes a status only while the current one is expected (compare-and-set)',
    ]);
  });

  it('fails a database that commits a batch one allocation at a time', async () => {
    const outcome = await runConformanceSuite(() =>
      describeDatabaseConformance('batch not atomic', () =>
        withSessions((inner) => ({
          commitAllocations: async (batch, at) => {
            const outcomes = [];
            for (const { sessionId, placements } of batch) {
              const outcome = await inner.commitAllocation(sessionId, placements, at);
              if (!outcome.ok && outcome.reason === 'agent-capacity-changed')
                return { ok: false, reason: outcome.reason, sessionId };
              outcomes.push(outcome);
            }
            return { ok: true, outcomes };
          },
        })),
      ),
    );
    expect(outcome.failed.map((f) => f.title)).to.deep.equal([
      'commits a batch all or nothing, naming the session that no longer fits',
    ]);
  });
});
