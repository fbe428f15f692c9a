import { expect } from 'chai';
import type { KeypairRecord, KeypairRepository } from '@tessera/core';
import { KEYPAIR_CACHE_MS, KeypairLookup, LAST_USED_INTERVAL_MS } from '@tessera/manager';

/** A keypair table that counts its reads and writes. */
class CountingKeypairs implements KeypairRepository {
  reads = 0;
  touches: Date[] = [];
  readonly rows = new Map<string, KeypairRecord>();

  async findByAccessKey(accessKey: string): Promise<KeypairRecord | null> {
    this.reads++;
    return this.rows.get(accessKey) ?? null;
  }

  async touchLastUsed(_accessKey: string, at: Date): Promise<void> {
    this.touches.push(at);
  }
}

const ALICE = { accessKey: 'AKIAALICE0000000000X', isActive: true } as unknown as KeypairRecord;

describe('manager: keypair lookups of the signature check', () => {
  let clock: number;
  let table: CountingKeypairs;
  let lookup: KeypairLookup;

  beforeEach(() => {
    clock = Date.UTC(2026, 11, 4);
    table = new CountingKeypairs();
    table.rows.set(ALICE.accessKey, ALICE);
    lookup = new KeypairLookup(table, () => new Date(clock));
  });

  it('reads a key once for concurrent requests and again once the cache time has passed', async () => {
    const found = await Promise.all([1, 2, 3].map(() => lookup.find(ALICE.accessKey)));
    expect(found).to.deep.equal([ALICE, ALICE, ALICE]);
    expect(table.reads).to.equal(1);
    clock += KEYPAIR_CACHE_MS - 1;
    await lookup.find(ALICE.accessKey);
    expect(table.reads).to.equal(1);
    // Deactivated meanwhile: seen once the cache time is over.
    table.rows.set(ALICE.accessKey, { ...ALICE, isActive: false });
    clock += 1;
    expect((await lookup.find(ALICE.accessKey))!.isActive).to.equal(false);
    expect(table.reads).to.equal(2);
  });

  it('never remembers an unknown key: one created a moment later is found at once', async () => {
    expect(await lookup.find('AKIANEW0000000000000')).to.equal(null);
    table.rows.set('AKIANEW0000000000000', { ...ALICE, accessKey: 'AKIANEW0000000000000' });
    expect((await lookup.find('AKIANEW0000000000000'))!.accessKey).to.equal('AKIANEW0000000000000');
    expect(table.reads).to.equal(2);
  });

  it('writes last_used at most once per interval per key', async () => {
    await lookup.find(ALICE.accessKey);
    await lookup.touch(ALICE.accessKey);
    clock += 1000;
    await lookup.touch(ALICE.accessKey);
    expect(table.touches).to.have.length(1);
    clock += LAST_USED_INTERVAL_MS;
    await lookup.find(ALICE.accessKey);
    await lookup.touch(ALICE.accessKey);
    expect(table.touches.map((d) => d.getTime())).to.deep.equal([
      Date.UTC(2026, 11, 4),
      Date.UTC(2026, 11, 4) + 1000 + LAST_USED_INTERVAL_MS,
    ]);
  });
});
