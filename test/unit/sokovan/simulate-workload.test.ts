import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TesseraError } from '@tessera/core';
import { parseWorkload, simulateWorkload, type Workload } from '@tessera/sokovan';
import { policyNamed, selectorNamed } from './scheduling-builders';

const EXAMPLE = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'scheduling',
  'workload-example.yaml',
);
const fifo = { policy: policyNamed('fifo'), selector: selectorNamed('concentrated') };

describe('sokovan: workload simulation', () => {
  it('replays sessions over time: waits for capacity, frees it when sessions end, follows dependencies', async () => {
    const workload: Workload = {
      agents: [{ id: 'node', slots: { cpu: 4, mem: '16g' } }],
      sessions: [
        { name: 'first', slots: { cpu: 4, mem: '1g' }, duration: 100 },
        { name: 'second', slots: { cpu: 4, mem: '1g' }, submitAt: 10, duration: 50 },
        { name: 'after', slots: { cpu: 1, mem: '1g' }, dependsOn: ['second'], submitAt: 20 },
        { name: 'never', slots: { cpu: 8, mem: '1g' } },
      ],
    };
    const report = await simulateWorkload(workload, fifo);
    const by = Object.fromEntries(report.sessions.map((s) => [s.id, s]));
    expect(by['first']).to.deep.include({
      state: 'finished',
      startedAt: 0,
      finishedAt: 100,
      agents: ['node'],
    });
    expect(by['second']).to.deep.include({
      state: 'finished',
      startedAt: 100,
      waitedSeconds: 90,
      finishedAt: 150,
    });
    expect(by['after']).to.deep.include({ state: 'running', startedAt: 150 });
    expect(by['never']).to.deep.include({ state: 'pending', startedAt: null });
    expect(by['never']!.reason).to.equal(
      'no agent is large enough: cpu (requested 8, the largest agent has 4)',
    );
    expect(report.summary).to.deep.include({
      sessions: 4,
      placed: 3,
      pending: 1,
      cancelled: 0,
      maxWaitSeconds: 130,
    });
    expect(report).to.deep.include({
      scheduler: 'fifo',
      agentSelector: 'concentrated',
      resourceGroup: 'default',
    });
  });

  it('lets a policy be compared with another on the same workload', async () => {
    const workload: Workload = {
      agents: [{ id: 'node', slots: { cpu: 2, mem: '8g' } }],
      sessions: [
        { name: 'blocker', slots: { cpu: 2, mem: '1g' }, duration: 10 },
        { name: 'old', slots: { cpu: 2, mem: '1g' }, submitAt: 1, duration: 10 },
        { name: 'new', slots: { cpu: 2, mem: '1g' }, submitAt: 2, duration: 10 },
      ],
    };
    const nextAfterBlocker = (report: Awaited<ReturnType<typeof simulateWorkload>>) =>
      report.sessions.find((s) => s.startedAt === 10)!.id;
    expect(nextAfterBlocker(await simulateWorkload(workload, fifo))).to.equal('old');
    expect(
      nextAfterBlocker(await simulateWorkload(workload, { ...fifo, policy: policyNamed('lifo') })),
    ).to.equal('new');
    // The group's own fifo setting: 'old' failed twice (t=1, t=2), 'new' once, so with
    // num_retries_to_skip 2 'new' goes first when the blocker ends.
    const skipping = { ...workload, options: { schedulerConfig: { num_retries_to_skip: 2 } } };
    expect(nextAfterBlocker(await simulateWorkload(skipping, fifo))).to.equal('new');
  });

  it('cancels what waits past the pending timeout and expands counts into numbered sessions and agents', async () => {
    const report = await simulateWorkload(
      {
        options: { pendingTimeout: 30 },
        agents: [{ id: 'n', count: 2, slots: { cpu: 1, mem: '4g' } }],
        sessions: [{ name: 'job', count: 3, slots: { cpu: 1, mem: '1g' }, duration: 60 }],
      },
      fifo,
    );
    expect(report.sessions.map((s) => [s.id, s.state, s.agents.join()])).to.deep.equal([
      ['job-1', 'finished', 'n-1'],
      ['job-2', 'finished', 'n-2'],
      ['job-3', 'cancelled', ''],
    ]);
    expect(report.sessions[2]!.reason).to.equal('pending-timeout');
  });

  it('reads the example workload, and names the field of a bad one', async () => {
    const workload = parseWorkload(readFileSync(EXAMPLE, 'utf8'), 'workload-example.yaml');
    const report = await simulateWorkload(workload, fifo);
    expect(report.summary.sessions).to.equal(13);
    expect(report.summary.placed).to.be.greaterThan(0);
    const error = (() => {
      try {
        parseWorkload('agents: []\nsessions:\n  - name: x\n', 'bad.yaml');
      } catch (e) {
        return e as TesseraError;
      }
      throw new Error('accepted');
    })();
    expect(error.code).to.equal('fixture-invalid');
    expect(error.message).to.match(/^bad\.yaml: \/agents: must NOT have fewer than 1 items/);
  });
});
