import { expect } from 'chai';
import type { LockService } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { HALFSTACK_UP_TIMEOUT_MS, requireServices } from '../../support/halfstack';
import { countUnderLock, inWriteOrder, type CounterStore } from '../../support/locks/count-under-lock';
import { randomNamespace } from '../../support/locks/random-namespace';
import { postgresSettings, withPostgres } from './support/postgres-locks';

describe('lock-postgres plugin: two instances share a counter', function () {
  this.timeout(60_000);
  let url: string;
  let namespace: string;
  let table: string;
  let kernels: TestKernel[];

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    url = (await requireServices(['postgres'])).postgres;
    namespace = randomNamespace();
    table = namespace.replace(/-/g, '_');
    await withPostgres(url, (client) => client.query(`CREATE TABLE ${table} (value integer NOT NULL)`));
    await withPostgres(url, (client) => client.query(`INSERT INTO ${table} VALUES (0)`));
    kernels = await Promise.all(
      ['one', 'two'].map(() =>
        bootTestKernel({
          roles: ['manager'],
          plugins: [{ package: '@tessera/lock-postgres', config: { ...postgresSettings(url), namespace } }],
        }),
      ),
    );
  });
  after(async () => {
    await Promise.all((kernels ?? []).map((kernel) => kernel.stop()));
    if (table) await withPostgres(url, (client) => client.query(`DROP TABLE IF EXISTS ${table}`));
  });

  it('200 increments from two holders, no update lost, fences in write order', async () => {
    const results = await withPostgres(url, async (client) => {
      const store: CounterStore = {
        read: async () => (await client.query<{ value: number }>(`SELECT value FROM ${table}`)).rows[0].value,
        write: async (value) => {
          await client.query(`UPDATE ${table} SET value = $1`, [value]);
        },
      };
      const [one, two] = kernels.map((test) => test.kernel.resolve<LockService>('lock'));
      return Promise.all([
        countUnderLock('one', one, 'counter', store, 100),
        countUnderLock('two', two, 'counter', store, 100),
      ]);
    });

    const final = await withPostgres(url, (client) => client.query(`SELECT value FROM ${table}`));
    expect(final.rows[0].value).to.equal(200);
    const ordered = inWriteOrder(results.flat());
    expect(ordered.map((increment) => increment.value)).to.deep.equal(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].fence).to.be.greaterThan(ordered[i - 1].fence);
    expect(new Set(ordered.map((increment) => increment.holder)).size, 'both holders took turns').to.equal(2);
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
