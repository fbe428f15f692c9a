import { expect } from 'chai';
import { createLogger, runAsLeader, type LeaderHandle } from '@tessera/core';
import { InProcessLockService } from '@tessera/lock-embedded';
import { consistently } from '../../support/consistently';
import { eventually } from '../../support/eventually';
import { LeaderProbe } from '../../support/locks/leader-probe';

const silent = createLogger({ level: 'silent' });

describe('runAsLeader (in-process locks)', () => {
  let locks: InProcessLockService;
  let probe: LeaderProbe;
  let handles: LeaderHandle[];

  function campaign(who: string, behaviour: 'run' | 'throw' = 'run', signal?: AbortSignal): LeaderHandle {
    const handle = runAsLeader(locks, 'sweeper', probe.task(who, behaviour), {
      retryDelayMs: 20,
      campaignTimeoutMs: 200,
      log: silent,
      signal,
    });
    handles.push(handle);
    return handle;
  }

  beforeEach(() => {
    locks = new InProcessLockService();
    probe = new LeaderProbe();
    handles = [];
  });
  afterEach(async () => {
    await Promise.all(handles.map((handle) => handle.stop()));
  });

  it('runs the task in one contender only, and hands over when the leader stops', async () => {
    const a = campaign('a');
    const b = campaign('b');
    await eventually(() => probe.running === 1, 'a leader runs');
    const first = probe.current!;
    const [leader, follower] = first.who === 'a' ? [a, b] : [b, a];
    expect(leader.isLeader).to.equal(true);
    expect(follower.isLeader).to.equal(false);

    await leader.stop();
    expect(first.signal.aborted, "the stopped leader's task is aborted").to.equal(true);
    await eventually(() => follower.isLeader, 'the follower takes over');
    expect(probe.current?.who).to.not.equal(first.who);
    expect(probe.current!.fence).to.be.greaterThan(first.fence);
    expect(probe.maxRunning).to.equal(1);
  });

  it("aborts the leader's task when its lease is lost, and the other contender takes over", async () => {
    campaign('a');
    campaign('b');
    await eventually(() => probe.running === 1, 'a leader runs');
    const first = probe.current!;

    locks.revokeAll();
    await eventually(() => first.signal.aborted, "the first leader's signal aborts");
    await eventually(() => probe.terms.length === 2 && probe.running === 1, 'a second term runs');
    expect(probe.terms[1].who).to.not.equal(first.who);
    expect(probe.terms[1].fence).to.be.greaterThan(first.fence);
    expect(probe.maxRunning).to.equal(1);
  });

  it('campaigns again after losing, and leads again when the other contender goes', async () => {
    const a = campaign('a');
    await eventually(() => a.isLeader, 'a leads');
    const b = campaign('b');
    locks.revokeAll();
    await eventually(() => b.isLeader, 'b takes over');
    await b.stop();
    await eventually(() => a.isLeader, 'a leads again');
    expect(probe.terms.map((term) => term.who)).to.deep.equal(['a', 'b', 'a']);
  });

  it('releases leadership when the task returns, and runs it again in a new term', async () => {
    const a = campaign('a');
    await eventually(() => a.isLeader, 'a leads');
    probe.endTerm('a');
    await eventually(() => probe.terms.length === 2 && probe.running === 1, 'a second term runs');
    expect(probe.terms[1].fence).to.be.greaterThan(probe.terms[0].fence);
  });

  it('lets another contender lead while a failing task waits to retry', async () => {
    campaign('failing', 'throw');
    await eventually(() => probe.terms.length === 1, 'the failing task ran');
    const b = campaign('b');
    await eventually(() => b.isLeader, 'b leads after the failure');
    expect(await locks.tryAcquire('leader/sweeper')).to.equal(null);
  });

  it('stops when the outer signal aborts: the task is aborted and the leadership released', async () => {
    const outer = new AbortController();
    const a = campaign('a', 'run', outer.signal);
    await eventually(() => a.isLeader, 'a leads');
    outer.abort();
    await eventually(() => probe.terms[0].signal.aborted && !a.isLeader, "a's task is aborted");
    await eventually(() => probe.running === 0, 'the task ended');
    const lock = await locks.tryAcquire('leader/sweeper');
    expect(lock, 'leadership was released').to.not.equal(null);
    await lock!.release();
    // runAsLeader tells no one when its campaign loop ends. A contender that ignored the abort would
    // take the free lock at once or after one retry delay (20 ms), so five delays without a new term
    // show it stopped campaigning.
    await consistently(() => probe.terms.length === 1, 'no new term after the stop', { forMs: 100 });
  });
});
