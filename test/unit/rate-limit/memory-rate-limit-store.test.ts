import { expect } from 'chai';
import { MemoryRateLimitStore } from '@tessera/manager';

const WINDOW_MS = 900_000;
/** A start time on a slot boundary (slots are WINDOW_MS / 1000 = 900 ms), so expiry is exact. */
const T0 = 900 * 2_000_000;

describe('rate limit: the in-process store (MemoryRateLimitStore)', () => {
  const rows: Array<{ name: string; hits: Array<[key: string, atMs: number]>; counts: number[] }> = [
    {
      name: 'counts every hit of a key in the window',
      hits: [
        ['a', T0],
        ['a', T0 + 1],
        ['a', T0 + 60_000],
      ],
      counts: [1, 2, 3],
    },
    {
      name: 'counts keys apart',
      hits: [
        ['a', T0],
        ['b', T0],
        ['a', T0 + 5],
      ],
      counts: [1, 1, 2],
    },
    {
      name: 'keeps a hit until the window has passed over it',
      hits: [
        ['a', T0],
        ['a', T0 + WINDOW_MS - 1],
      ],
      counts: [1, 2],
    },
    {
      name: 'forgets a hit exactly one window later (as upstream removes scores <= now - window)',
      hits: [
        ['a', T0],
        ['a', T0 + WINDOW_MS],
      ],
      counts: [1, 1],
    },
    {
      name: 'rolls: old hits leave one by one',
      hits: [
        ['a', T0],
        ['a', T0 + 300_000],
        ['a', T0 + 600_000],
        ['a', T0 + WINDOW_MS],
        ['a', T0 + WINDOW_MS + 300_000],
      ],
      counts: [1, 2, 3, 3, 3],
    },
    {
      name: 'counts a hit whose clock stepped back in the newest slot',
      hits: [
        ['a', T0 + 10_000],
        ['a', T0],
      ],
      counts: [1, 2],
    },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const store = new MemoryRateLimitStore({ maxKeys: 10 });
      const counts: number[] = [];
      for (const [key, at] of row.hits) counts.push(await store.hit(key, at, WINDOW_MS));
      expect(counts).to.deep.equal(row.counts);
    });
  }

  it('keeps at most maxKeys keys, forgetting the one hit longest ago first', async () => {
    const store = new MemoryRateLimitStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await store.hit(key, T0, WINDOW_MS);
    await store.hit('a', T0 + 1, WINDOW_MS); // a is now the most recent
    await store.hit('d', T0 + 2, WINDOW_MS); // b goes
    expect(store.size()).to.equal(3);
    expect(await store.hit('a', T0 + 3, WINDOW_MS)).to.equal(3);
    expect(await store.hit('b', T0 + 4, WINDOW_MS)).to.equal(1);
  });

  it('drops a key whose hits all left the window', async () => {
    const store = new MemoryRateLimitStore({ maxKeys: 10 });
    await store.hit('idle', T0, WINDOW_MS);
    await store.hit('busy', T0 + WINDOW_MS, WINDOW_MS);
    expect(store.size()).to.equal(1);
  });

  it('holds a bounded number of counters however fast a key is hit', async () => {
    const store = new MemoryRateLimitStore({ maxKeys: 10 });
    let last = 0;
    for (let at = 0; at < 50_000; at += 1) last = await store.hit('a', T0 + at * 7, WINDOW_MS);
    // 50 000 hits over 350 s: all inside the window, however they are stored.
    expect(last).to.equal(50_000);
    expect(store.slots('a')).to.be.at.most(1000);
  });
});
