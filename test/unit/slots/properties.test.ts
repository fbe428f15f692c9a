import { expect } from 'chai';
import { ResourceSlot } from '@tessera/core';
import { seededRandom } from './seeded-random';

const SLOT_NAMES = ['cpu', 'mem', 'cuda.shares', 'cuda.device', 'rocm.devices'];
const ROUNDS = 300;

/** A random exact decimal string: up to 28 integer digits and 12 fraction digits, either sign. */
function randomDecimal(next: () => number): string {
  const digits = (count: number): string =>
    Array.from({ length: count }, () => String(next() % 10)).join('') || '0';
  const whole = digits(next() % 29).replace(/^0+(?=\d)/, '');
  const fraction = digits(next() % 13);
  const sign = next() % 4 === 0 ? '-' : '';
  return next() % 3 === 0 ? `${sign}${whole || '0'}` : `${sign}${whole || '0'}.${fraction}`;
}

function randomSlots(next: () => number): ResourceSlot {
  const entries: Array<[string, string]> = [];
  for (const name of SLOT_NAMES) if (next() % 3 !== 0) entries.push([name, randomDecimal(next)]);
  return new ResourceSlot(entries);
}

describe('slots: properties over random exact decimals', () => {
  it(`a + b - b == a, exactly, over ${ROUNDS} random pairs`, () => {
    const next = seededRandom(20240601);
    for (let i = 0; i < ROUNDS; i += 1) {
      const a = randomSlots(next);
      const b = randomSlots(next);
      const back = a.add(b).subtract(b);
      expect(back.equals(a), `${JSON.stringify(a)} + ${JSON.stringify(b)}`).to.equal(true);
      for (const name of a.keys()) expect(back.get(name).toFixed()).to.equal(a.get(name).toFixed());
    }
  });

  it(`addition commutes and associates over ${ROUNDS} random triples`, () => {
    const next = seededRandom(7);
    for (let i = 0; i < ROUNDS; i += 1) {
      const [a, b, c] = [randomSlots(next), randomSlots(next), randomSlots(next)];
      expect(a.add(b).equals(b.add(a))).to.equal(true);
      expect(
        a
          .add(b)
          .add(c)
          .equals(a.add(b.add(c))),
      ).to.equal(true);
    }
  });

  it(`the order is antisymmetric and adding a non-negative set never makes a set smaller (${ROUNDS} rounds)`, () => {
    const next = seededRandom(99);
    const mirror = {
      less: 'greater',
      greater: 'less',
      equal: 'equal',
      incomparable: 'incomparable',
    } as const;
    for (let i = 0; i < ROUNDS; i += 1) {
      const a = randomSlots(next);
      const b = randomSlots(next);
      expect(b.compare(a)).to.equal(mirror[a.compare(b)]);
      const growth = new ResourceSlot(b.keys().map((name) => [name, b.get(name).abs()]));
      expect(a.lte(a.add(growth))).to.equal(true);
      expect(a.add(growth).compare(a)).to.equal(growth.isZero() ? 'equal' : 'greater');
    }
  });

  it(`the stored JSON form reads back exactly (${ROUNDS} rounds)`, () => {
    const next = seededRandom(3);
    for (let i = 0; i < ROUNDS; i += 1) {
      const a = randomSlots(next);
      const stored = JSON.parse(JSON.stringify(a)) as Record<string, string>;
      expect(ResourceSlot.fromJSON(stored).toJSON()).to.deep.equal(a.toJSON());
    }
  });
});
