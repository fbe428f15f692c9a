import { expect } from 'chai';
import { Etcd3 } from 'etcd3';
import type { LockService } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { countUnderLock, inWriteOrder, type CounterStore } from '../../support/locks/count-under-lock';
import { randomNamespace } from '../../support/locks/random-namespace';
import { deleteEtcdNamespace } from './support/etcd-locks';

describe('lock-etcd plugin: two instances share a counter', function () {
  this.timeout(60_000);
  let url: string;
  let namespace: string;
  let kernels: TestKernel[];
  let client: Etcd3;

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
    client = new Etcd3({ hosts: [url] });
  });
  after(async () => {
    await Promise.all((kernels ?? []).map((kernel) => kernel.stop()));
    client?.close();
    if (namespace) await deleteEtcdNamespace(url, namespace);
  });

  it('200 increments from two holders, no update lost, fences in write order', async () => {
    const counterKey = `/sorna/${namespace}/counter`;
    const store: CounterStore = {
      read: async () => Number((await client.get(counterKey).string()) ?? '0'),
      write: async (value) => {
        await client.put(counterKey).value(String(value));
      },
    };
    const [one, two] = kernels.map((test) => test.kernel.resolve<LockService>('lock'));
    const results = await Promise.all([
      countUnderLock('one', one, 'counter', store, 100),
      countUnderLock('two', two, 'counter', store, 100),
    ]);

    expect(await store.read()).to.equal(200);
    const ordered = inWriteOrder(results.flat());
    expect(ordered.map((increment) => increment.value)).to.deep.equal(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].fence).to.be.greaterThan(ordered[i - 1].fence);
    expect(new Set(ordered.map((increment) => increment.holder)).size, 'both holders took turns').to.equal(2);
  });

  it('twenty contenders waiting at once on one instance raise no listener-leak warning', async () => {
    const [one] = kernels.map((test) => test.kernel.resolve<LockService>('lock'));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const handle = await one!.acquire('crowded', { timeoutMs: 30_000 });
          expect(handle).to.not.equal(null);
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inside--;
          await handle!.release();
        }),
      );
      expect(most).to.equal(1);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).to.not.include('MaxListenersExceededWarning');
  });

  it('stopping a kernel releases the locks it held', async () => {
    const [one, two] = kernels.map((test) => test.kernel.resolve<LockService>('lock'));
    const held = await one.acquire('released-on-stop');
    expect(held).to.not.equal(null);
    const waiting = two.acquire('released-on-stop', { timeoutMs: 5000 });
    await kernels[0].stop();
    const taken = await waiting;
    expect(taken && taken.fence).to.be.greaterThan(held!.fence);
    await taken!.release();
  });
});
