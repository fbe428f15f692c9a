/// <reference types="mocha" />
import assert from 'node:assert/strict';
import type { ConfigStore, ConfigWatchEvent } from '../../contracts/config-store';

/** The config-store/v1 conformance suite; `create` returns an empty store. */
export function describeConfigStoreConformance(
  name: string,
  create: () => Promise<{ store: ConfigStore; close(): Promise<void> }>,
): void {
  describe(`config-store/v1 conformance: ${name}`, () => {
    let subject: { store: ConfigStore; close(): Promise<void> };
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => subject.close());

    it('gets what was put, and null for missing keys', async () => {
      await subject.store.put('config/redis/addr', '127.0.0.1:8110');
      assert.equal(await subject.store.get('config/redis/addr'), '127.0.0.1:8110');
      assert.equal(await subject.store.get('config/redis/password'), null);
    });

    it('lists by prefix in key order, without neighbours that merely share characters', async () => {
      await subject.store.put('volumes/proxies/b/secret', '2');
      await subject.store.put('volumes/proxies/a/secret', '1');
      await subject.store.put('volumes/proxiesx', 'no');
      assert.deepEqual(await subject.store.list('volumes/proxies/'), [
        ['volumes/proxies/a/secret', '1'],
        ['volumes/proxies/b/secret', '2'],
      ]);
    });

    it('deletes a key and a prefix', async () => {
      await subject.store.put('a/1', 'x');
      await subject.store.put('a/2', 'y');
      await subject.store.put('b/1', 'z');
      await subject.store.delete('b/1');
      assert.equal(await subject.store.get('b/1'), null);
      assert.equal(await subject.store.deletePrefix('a/'), 2);
      assert.deepEqual(await subject.store.list(''), []);
    });

    it('tells watchers about puts and deletes under their prefix only', async () => {
      const events: ConfigWatchEvent[] = [];
      const stop = await subject.store.watchPrefix('config/plugins/', (event) => events.push(event));
      await subject.store.put('config/plugins/accelerator/cuda/allocation_mode', 'fractional');
      await subject.store.put('config/redis/addr', 'ignored');
      await subject.store.delete('config/plugins/accelerator/cuda/allocation_mode');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await stop();
      await subject.store.put('config/plugins/after-stop', 'ignored');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(events, [
        { type: 'put', key: 'config/plugins/accelerator/cuda/allocation_mode', value: 'fractional' },
        { type: 'delete', key: 'config/plugins/accelerator/cuda/allocation_mode', value: null },
      ]);
    });

    it('keeps an ephemeral key while its holder lives, past its ttl, and deletes it on revoke', async () => {
      const events: ConfigWatchEvent[] = [];
      const stop = await subject.store.watchPrefix('nodes/manager/', (event) => events.push(event));
      const held = await subject.store.putEphemeral('nodes/manager/i-1', '10.0.0.1:8091', 1000);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(await subject.store.get('nodes/manager/i-1'), '10.0.0.1:8091');
      assert.deepEqual(await subject.store.list('nodes/manager/'), [['nodes/manager/i-1', '10.0.0.1:8091']]);
      assert.equal(held.lost.aborted, false);
      await held.revoke();
      assert.equal(await subject.store.get('nodes/manager/i-1'), null);
      await held.revoke(); // idempotent
      await new Promise((resolve) => setTimeout(resolve, 50));
      await stop();
      assert.deepEqual(events, [
        { type: 'put', key: 'nodes/manager/i-1', value: '10.0.0.1:8091' },
        { type: 'delete', key: 'nodes/manager/i-1', value: null },
      ]);
      assert.equal(held.lost.aborted, false, 'a deliberate revoke is not a loss');
    });

    it('leaves a key alone on revoke once a plain put has taken it over', async () => {
      const held = await subject.store.putEphemeral('nodes/storage/s-1', 'ephemeral', 1000);
      await subject.store.put('nodes/storage/s-1', 'durable');
      await held.revoke();
      assert.equal(await subject.store.get('nodes/storage/s-1'), 'durable');
    });
  });
}
