/// <reference types="mocha" />
import assert from 'node:assert/strict';
import type { SessionRecord } from '../../contracts/database';
import type { PickResult, Scheduler, SchedulingSnapshot } from '../../contracts/scheduler';
import { deepFreeze, sessionRecord } from './scheduling-records';

const GIB = 1024 ** 3;

/** A group of 16 cpu, 64 GiB, 4 GPUs (and a zero-capacity tpu slot) with two keys running work. */
function busySnapshot(resourceGroup = 'default'): SchedulingSnapshot {
  const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second));
  const pending = (id: string, second: number, accessKey: string, userId: string, slots: object) =>
    sessionRecord({
      id,
      createdAt: at(second),
      accessKey,
      userId,
      resourceGroup,
      requestedSlots: { ...slots },
    });
  const running = (id: string, accessKey: string, userId: string, slots: Record<string, string>) =>
    sessionRecord({
      id,
      status: 'RUNNING',
      createdAt: at(0),
      accessKey,
      userId,
      resourceGroup,
      requestedSlots: slots,
      occupyingSlots: slots,
    });
  return {
    resourceGroup,
    pending: [
      pending('p-1', 10, 'AK-A', 'user-a', { cpu: '2', mem: String(4 * GIB) }),
      pending('p-2', 11, 'AK-B', 'user-b', { cpu: '1', mem: String(GIB), 'cuda.device': '1' }),
      pending('p-3', 11, 'AK-C', 'user-c', { cpu: '4', mem: String(8 * GIB) }),
      {
        ...pending('p-4', 12, 'AK-A', 'user-a', { cpu: '1', mem: String(GIB) }),
        statusInfo: 'no-available-instances',
        statusData: { scheduler: { retries: 3 } },
      },
      pending('p-5', 13, 'AK-D', 'user-b', { cpu: '8', mem: String(32 * GIB) }),
    ],
    existing: [
      running('r-1', 'AK-A', 'user-a', { cpu: '8', mem: String(8 * GIB) }),
      running('r-2', 'AK-B', 'user-b', { cpu: '1', mem: String(GIB), 'cuda.device': '1' }),
    ],
    totalCapacity: { cpu: '16', mem: String(64 * GIB), 'cuda.device': '4', 'tpu.device': '0' },
  };
}

/** Sessions that differ only in id, all created at the same instant, in the given order. */
function identicalSessions(ids: string[], resourceGroup = 'default'): SchedulingSnapshot {
  return {
    resourceGroup,
    pending: ids.map((id) =>
      sessionRecord({ id, resourceGroup, requestedSlots: { cpu: '1', mem: String(GIB) } }),
    ),
    existing: [],
    totalCapacity: { cpu: '16', mem: String(64 * GIB) },
  };
}

/** One pass as the scheduling loop runs it: every pick, in order, placing each picked session. */
function runPass(scheduler: Scheduler, snapshot: SchedulingSnapshot): PickResult[] {
  const queue = [...snapshot.pending];
  // Frozen, so a policy that writes to what it is given fails loudly.
  const current = (): SchedulingSnapshot => deepFreeze({ ...snapshot, pending: [...queue] });
  let state = scheduler.beginPass?.(current());
  const picks: PickResult[] = [];
  while (queue.length > 0) {
    const pick = scheduler.pickSession(current(), state);
    picks.push(pick);
    if (pick.kind === 'none') break;
    const index = queue.findIndex((session) => session.id === pick.sessionId);
    assert.notEqual(index, -1, `picked ${pick.sessionId}, which is not pending`);
    const [placed] = queue.splice(index, 1) as [SessionRecord];
    if (scheduler.onPlaced) state = scheduler.onPlaced(placed, ['agent-1'], state);
  }
  return picks;
}

function firstPick(scheduler: Scheduler, snapshot: SchedulingSnapshot): PickResult {
  deepFreeze(snapshot);
  return scheduler.pickSession(snapshot, scheduler.beginPass?.(snapshot));
}

/**
 * The scheduler/v1 conformance suite. `create` returns the policy with its default config; it
 * is called for every test (and twice in some, to compare two instances).
 */
export function describeSchedulerConformance(name: string, create: () => Scheduler): void {
  describe(`scheduler/v1 conformance: ${name}`, () => {
    it('has a kebab-case name', () => {
      assert.match(create().name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    });

    it('answers none, with a reason, when nothing is pending', () => {
      const scheduler = create();
      const snapshot = { ...busySnapshot(), pending: [] };
      const pick = scheduler.pickSession(snapshot, scheduler.beginPass?.(snapshot));
      assert.equal(pick.kind, 'none');
      assert.ok(pick.kind === 'none' && pick.reason.length > 0, 'the reason says why');
    });

    it('picks one of the pending sessions', () => {
      const snapshot = busySnapshot();
      const pick = firstPick(create(), snapshot);
      assert.equal(pick.kind, 'picked');
      assert.ok(snapshot.pending.some((session) => pick.kind === 'picked' && session.id === pick.sessionId));
    });

    it('is deterministic: equal snapshots give equal picks, on one instance or two', () => {
      const scheduler = create();
      const expected = runPass(scheduler, busySnapshot());
      assert.deepEqual(runPass(scheduler, busySnapshot()), expected);
      assert.deepEqual(runPass(create(), busySnapshot()), expected);
    });

    it('never mutates the snapshot, through a whole pass', () => {
      const snapshot = busySnapshot();
      const pristine = structuredClone(snapshot);
      runPass(create(), deepFreeze(snapshot));
      assert.deepEqual(snapshot, pristine);
    });

    it('gives sessions it ranks equal to the first in input order', () => {
      assert.deepEqual(firstPick(create(), identicalSessions(['t-b', 't-c', 't-a'])), {
        kind: 'picked',
        sessionId: 't-b',
      });
      assert.deepEqual(firstPick(create(), identicalSessions(['t-c', 't-a', 't-b'])), {
        kind: 'picked',
        sessionId: 't-c',
      });
    });

    it('orders without filtering: a pass picks every pending session exactly once', () => {
      const snapshot = busySnapshot();
      const picks = runPass(create(), snapshot);
      assert.ok(
        picks.every((pick) => pick.kind === 'picked'),
        'no none while sessions are pending',
      );
      const picked = picks.map((pick) => (pick.kind === 'picked' ? pick.sessionId : ''));
      assert.deepEqual([...picked].sort(), snapshot.pending.map((session) => session.id).sort());
    });

    it('keeps pass state as a value: onPlaced returns a new state and leaves the old one as it was', () => {
      const scheduler = create();
      const snapshot = busySnapshot();
      const state = scheduler.beginPass?.(snapshot);
      const before = scheduler.pickSession(snapshot, state);
      assert.equal(before.kind, 'picked');
      const placed = snapshot.pending.find((s) => before.kind === 'picked' && s.id === before.sessionId)!;
      scheduler.onPlaced?.(placed, ['agent-1'], state);
      assert.deepEqual(scheduler.pickSession(snapshot, state), before);
    });

    it('keeps no state in the instance: passes of two groups interleaved pick as they do alone', () => {
      const snapshots = {
        a: busySnapshot('group-a'),
        b: identicalSessions(['t-1', 't-2', 't-3'], 'group-b'),
      };
      const alone = { a: runPass(create(), snapshots.a), b: runPass(create(), snapshots.b) };
      const scheduler = create();
      const passes = {
        a: { snapshot: snapshots.a, state: scheduler.beginPass?.(snapshots.a), picks: [] as PickResult[] },
        b: { snapshot: snapshots.b, state: scheduler.beginPass?.(snapshots.b), picks: [] as PickResult[] },
      };
      while (passes.a.snapshot.pending.length + passes.b.snapshot.pending.length > 0) {
        for (const pass of [passes.a, passes.b]) {
          if (pass.snapshot.pending.length === 0) continue;
          const pick = scheduler.pickSession(pass.snapshot, pass.state);
          pass.picks.push(pick);
          assert.equal(pick.kind, 'picked');
          const placed = pass.snapshot.pending.find(
            (s) => pick.kind === 'picked' && s.id === pick.sessionId,
          )!;
          pass.snapshot = { ...pass.snapshot, pending: pass.snapshot.pending.filter((s) => s !== placed) };
          if (scheduler.onPlaced) pass.state = scheduler.onPlaced(placed, ['agent-1'], pass.state);
        }
      }
      assert.deepEqual(passes.a.picks, alone.a);
      assert.deepEqual(passes.b.picks, alone.b);
    });
  });
}
