/// <reference types="mocha" />
import assert from 'node:assert/strict';
import type { LockService } from '../../contracts/lock';

export interface LockServiceUnderTest {
  locks: LockService;
  close(): Promise<void>;
  /**
   * Fault injection: make every lease currently held expire as if its holder stopped renewing
   * it (etcd: revoke the lease from another client; PostgreSQL: end the holder's session).
   */
  breakLeases(): Promise<void>;
}

/** The lock/v1 conformance suite; `create` returns a lock service with no lock held. */
export function describeLockConformance(name: string, create: () => Promise<LockServiceUnderTest>): void {
  describe(`lock/v1 conformance: ${name}`, () => {
    let subject: LockServiceUnderTest;
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

    it("keeps a healthy holder's lease alive past its ttl", async () => {
      const held = await subject.locks.acquire('renewed', { ttlMs: 1000 });
      assert.ok(held);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(held.lost.aborted, false);
      assert.equal(await subject.locks.tryAcquire('renewed'), null);
      await held.release();
    });

    it('on lease expiry: the lock is released, a waiter takes over, the first holder learns it lost', async () => {
      const first = await subject.locks.acquire('leased', { ttlMs: 1000 });
      assert.ok(first);
      const waiting = subject.locks.acquire('leased', { timeoutMs: 15_000, ttlMs: 1000 });
      await subject.breakLeases();
      const second = await waiting;
      assert.ok(second && second.fence > first.fence, 'a new holder with a newer fence');
      for (let i = 0; i < 100 && !first.lost.aborted; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(first.lost.aborted, true, 'the first holder learns it lost the lock');
      await first.release(); // releasing a lost lock must not free the new holder's lock
      assert.equal(await subject.locks.tryAcquire('leased'), null);
      await second.release();
    });
  });
}
