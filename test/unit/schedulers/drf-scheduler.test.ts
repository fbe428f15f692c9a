import { expect } from 'chai';
import type { PickResult, SchedulingSnapshot } from '@tessera/core';
import { DrfScheduler, type DrfKey } from '@tessera/scheduler-drf';
import { loadSchedulingFixture, pendingSession } from './scheduling-fixtures';
import { configDefaults } from './plugin-package';

interface DrfSession {
  id: string;
  accessKey: string;
  userId?: string;
  createdAt?: string;
  requested?: Record<string, string>;
  occupying?: Record<string, string>;
}

interface DrfCase {
  name: string;
  keyBy?: DrfKey;
  capacity: Record<string, string>;
  existing: DrfSession[];
  pending: DrfSession[];
  expected?: string | null;
  expectedPass?: string[];
}

function record(session: DrfSession, status: 'PENDING' | 'RUNNING') {
  return pendingSession({
    id: session.id,
    status,
    accessKey: session.accessKey,
    userId: session.userId ?? `user-of-${session.accessKey}`,
    createdAt: new Date(session.createdAt ?? '2024-01-01T00:00:00Z'),
    requestedSlots: session.requested ?? session.occupying ?? {},
    occupyingSlots: session.occupying ?? {},
  });
}

/** Every pick of one pass, as the scheduling loop makes them. */
function pass(scheduler: DrfScheduler, snapshot: SchedulingSnapshot): PickResult[] {
  let queue = [...snapshot.pending];
  let state = scheduler.beginPass({ ...snapshot, pending: queue });
  const picks: PickResult[] = [];
  while (queue.length > 0) {
    const pick = scheduler.pickSession({ ...snapshot, pending: queue }, state);
    picks.push(pick);
    if (pick.kind === 'none') break;
    const placed = queue.find((s) => s.id === pick.sessionId)!;
    queue = queue.filter((s) => s !== placed);
    state = scheduler.onPlaced(placed, ['agent-1'], state);
  }
  return picks;
}

describe('scheduler-drf (test/fixtures/scheduling/drf.json)', () => {
  const { cases } = loadSchedulingFixture<{ cases: DrfCase[] }>('drf');
  const defaults = configDefaults('@tessera/scheduler-drf') as { keyBy: DrfKey };
  for (const testCase of cases) {
    it(testCase.name, () => {
      const scheduler = new DrfScheduler({ keyBy: testCase.keyBy ?? defaults.keyBy });
      const snapshot: SchedulingSnapshot = {
        resourceGroup: 'default',
        pending: testCase.pending.map((s) => record(s, 'PENDING')),
        existing: testCase.existing.map((s) => record(s, 'RUNNING')),
        totalCapacity: testCase.capacity,
      };
      if (testCase.expectedPass) {
        const picks = pass(scheduler, snapshot);
        expect(picks.map((p) => (p.kind === 'picked' ? p.sessionId : null))).to.deep.equal(
          testCase.expectedPass,
        );
        return;
      }
      const result = scheduler.pickSession(snapshot, scheduler.beginPass(snapshot));
      if (testCase.expected === null) expect(result.kind).to.equal('none');
      else expect(result).to.deep.equal({ kind: 'picked', sessionId: testCase.expected });
      // Without a pass state (a caller that skips beginPass) it decides from the snapshot alone.
      expect(scheduler.pickSession(snapshot)).to.deep.equal(result);
    });
  }
});
