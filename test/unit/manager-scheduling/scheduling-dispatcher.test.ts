import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { SchedulingDispatcher, type PassReport } from '@tessera/manager-scheduling';

const silent = createLogger({ level: 'silent' });

/** A pass that records when it runs and waits until the test releases it. */
class ControlledPasses {
  readonly started: string[] = [];
  private readonly releases: Array<() => void> = [];
  concurrent = 0;
  maxConcurrentPerGroup = new Map<string, number>();
  private readonly running = new Map<string, number>();
  rerunOnce = new Set<string>();

  run = async (group: string): Promise<PassReport> => {
    this.started.push(group);
    this.running.set(group, (this.running.get(group) ?? 0) + 1);
    this.maxConcurrentPerGroup.set(
      group,
      Math.max(this.maxConcurrentPerGroup.get(group) ?? 0, this.running.get(group)!),
    );
    await new Promise<void>((resolve) => this.releases.push(resolve));
    this.running.set(group, this.running.get(group)! - 1);
    const rerun = this.rerunOnce.delete(group);
    return { resourceGroup: group, scheduled: [], unplaced: [], held: [], cancelled: [], rerun };
  };

  async releaseAll(): Promise<void> {
    while (this.releases.length > 0) {
      this.releases.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function dispatcher(passes: ControlledPasses, pendingGroups: string[] = []): SchedulingDispatcher {
  return new SchedulingDispatcher({
    runPass: passes.run,
    pendingGroups: async () => pendingGroups,
    log: silent,
    tickIntervalMs: 60_000,
  });
}

describe('manager-scheduling: scheduling dispatcher', () => {
  it('coalesces requests that arrive during a pass into exactly one more pass', async () => {
    const passes = new ControlledPasses();
    const d = dispatcher(passes);
    d.request('default', 'session_enqueued');
    d.request('default', 'session_enqueued');
    d.request('default', 'agent_heartbeat');
    d.request('default', 'kernel_terminated');
    await new Promise((resolve) => setImmediate(resolve));
    expect(passes.started).to.deep.equal(['default']);
    await passes.releaseAll();
    await d.idle();
    expect(passes.started).to.deep.equal(['default', 'default']);
    expect(passes.maxConcurrentPerGroup.get('default')).to.equal(1);
  });

  it('runs different resource groups independently', async () => {
    const passes = new ControlledPasses();
    const d = dispatcher(passes);
    d.request('default', 'session_enqueued');
    d.request('gpu', 'session_enqueued');
    await new Promise((resolve) => setImmediate(resolve));
    expect(passes.started).to.have.members(['default', 'gpu']);
    await passes.releaseAll();
    await d.idle();
    expect(passes.started).to.have.length(2);
  });

  it('runs again when a pass reports that another manager changed an agent meanwhile', async () => {
    const passes = new ControlledPasses();
    passes.rerunOnce.add('default');
    const d = dispatcher(passes);
    d.request('default', 'session_enqueued');
    await passes.releaseAll();
    await d.idle();
    expect(passes.started).to.deep.equal(['default', 'default']);
  });

  it('keeps dispatching after a pass throws', async () => {
    let calls = 0;
    const d = new SchedulingDispatcher({
      runPass: async (group) => {
        calls += 1;
        if (calls === 1) throw new Error('policy bug');
        return { resourceGroup: group, scheduled: [], unplaced: [], held: [], cancelled: [], rerun: false };
      },
      pendingGroups: async () => [],
      log: silent,
      tickIntervalMs: 60_000,
    });
    d.request('default', 'session_enqueued');
    await d.idle();
    d.request('default', 'session_enqueued');
    await d.idle();
    expect(calls).to.equal(2);
  });

  it('ticks every group with pending sessions when started, and stops requesting after stop', async () => {
    const passes = new ControlledPasses();
    const d = dispatcher(passes, ['default', 'gpu']);
    d.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(passes.started).to.have.members(['default', 'gpu']);
    const stopped = d.stop();
    await passes.releaseAll();
    await stopped;
    d.request('default', 'session_enqueued');
    expect(passes.started).to.have.length(2);
  });
});
