/// <reference types="mocha" />
import assert from 'node:assert/strict';
import type { LockService } from '../../contracts/lock';

/** The lock/v1 conformance suite; `create` returns a lock service with no lock held. */
export function describeLockConformance(
  name: string,
  create: () => Promise<{ locks: LockService; close(): Promise<void> }>,
): void {
  describe(`lock/v1 conformance: ${name}`, () => {
    let subject: { locks: LockService; close(): Promise<void> };
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => subject.close());

    it('gives a lock to one holder at a time, with increasing fences', async () => {
      const first = await subject.locks.acquire('schedule/default');
      assert.ok(first);
      assert.equal(await subject.locks.tryAcquire('schedule/default'), null);
      const waiting = subject.locks.acquire('schedule/default');
      await first.release();
      const second = await waiting;
      assert.ok(second && second.fence > first.fence);
      await second.release();
    });

    it('keeps different names independent', async () => {
      const a = await subject.locks.tryAcquire('schedule/a');
      const b = await subject.locks.tryAcquire('schedule/b');
      assert.ok(a && b);
      await a.release();
      await b.release();
    });

    it('times out a waiter with null', async () => {
      const held = await subject.locks.acquire('x');
      const started = Date.now();
      assert.equal(await subject.locks.acquire('x', { timeoutMs: 100 }), null);
      assert.ok(Date.now() - started >= 90);
      await held!.release();
    });

    it('expires a lease: the holder learns it lost the lock and a waiter takes over', async () => {
      const first = await subject.locks.acquire('leased', { ttlMs: 100 });
      assert.ok(first);
      const second = await subject.locks.acquire('leased', { timeoutMs: 5000 });
      assert.ok(second && second.fence > first.fence);
      assert.equal(first.lost.aborted, true);
      await first.release(); // releasing a lost lock must not free the new holder's lock
      assert.equal(await subject.locks.tryAcquire('leased'), null);
      await second.release();
    });
  });
}
