import { expect } from 'chai';
import {
  bootTestKernel,
  runAsLeader,
  type LeaderHandle,
  type LockService,
  type TestKernel,
} from '@tessera/core';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { LeaderProbe } from '../../unit/locks/support/leader-probe';
import { waitUntil } from '../../unit/locks/support/wait-until';
import {
  deleteEtcdNamespace,
  etcdContenderKeys,
  randomNamespace,
  revokeEtcdLeases,
} from './support/etcd-locks';

describe('runAsLeader on two lock-etcd instances', function () {
  this.timeout(30_000);
  let url: string;
  let namespace: string;
  let kernels: TestKernel[];
  let leaders: LeaderHandle[];
  const probe = new LeaderProbe();

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['etcd'])).etcd;
    namespace = randomNamespace();
    kernels = await Promise.all(
      ['one', 'two'].map(() =>
        bootTestKernel({
          roles: ['manager'],
          plugins: [{ package: '@tessera/lock-etcd', config: { endpoints: [url], namespace } }],
        }),
      ),
    );
    leaders = ['one', 'two'].map((who, index) =>
      runAsLeader(kernels[index].kernel.resolve<LockService>('lock'), 'sweeper', probe.task(who), {
        ttlMs: 2000,
        retryDelayMs: 50,
        campaignTimeoutMs: 1000,
      }),
    );
  });
  after(async () => {
    await Promise.all((leaders ?? []).map((leader) => leader.stop()));
    await Promise.all((kernels ?? []).map((kernel) => kernel.stop()));
    if (namespace) await deleteEtcdNamespace(url, namespace);
  });

  it('runs the task in one instance; breaking its lease moves it to the other and aborts the first', async () => {
    await waitUntil(() => probe.running === 1, 'one instance leads', 5000);
    const first = probe.current!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(probe.terms, 'the follower does not run the task').to.have.length(1);

    const [leaderKey] = await etcdContenderKeys(url, namespace, 'leader/sweeper');
    expect(await revokeEtcdLeases(url, namespace, (key) => key === leaderKey)).to.equal(1);
    await waitUntil(() => first.signal.aborted, "the first leader's task is aborted", 5000);
    await waitUntil(() => probe.terms.length === 2 && probe.running === 1, 'the other instance leads', 5000);

    expect(probe.terms[1].who).to.not.equal(first.who);
    expect(probe.terms[1].fence).to.be.greaterThan(first.fence);
    expect(probe.maxRunning, 'never two leaders at once').to.equal(1);
  });

  it('the first instance campaigns again and leads when the second stops', async () => {
    const second = probe.current!;
    const secondLeader = leaders[second.who === 'one' ? 0 : 1];
    await secondLeader.stop();
    expect(second.signal.aborted).to.equal(true);
    await waitUntil(
      () => probe.terms.length === 3 && probe.running === 1,
      'the first instance leads again',
      5000,
    );
    expect(probe.terms[2].who).to.not.equal(second.who);
    expect(probe.maxRunning).to.equal(1);
  });
});
