import { expect } from 'chai';
import {
  BINARY_UNITS,
  exact,
  formatBinarySize,
  formatBinarySizeShort,
  formatExactAmount,
  parseBinarySize,
  type BinaryUnit,
} from '@tessera/core';
import { loadSlotFixture } from './slot-fixtures';
import { seededRandom } from './seeded-random';

interface BinarySizeFixture {
  long: Array<{ bytes: string; text: string }>;
  short: Array<{ bytes: string; text: string }>;
  shortInUnit: Array<{ bytes: string; unit: BinaryUnit; text: string }>;
  roundTrips: string[];
}

const fixture = loadSlotFixture<BinarySizeFixture>('binary-size');

describe('slots: binary sizes (fixtures/slots/binary-size.json)', () => {
  describe('long form', () => {
    for (const c of fixture.long) {
      it(`${c.bytes} -> "${c.text}"`, () => expect(formatBinarySize(c.bytes)).to.equal(c.text));
    }
  });

  describe('short form', () => {
    for (const c of fixture.short) {
      it(`${c.bytes} -> "${c.text}"`, () => expect(formatBinarySizeShort(c.bytes)).to.equal(c.text));
    }
    for (const c of fixture.shortInUnit) {
      it(`${c.bytes} in ${c.unit} -> "${c.text}"`, () =>
        expect(formatBinarySizeShort(c.bytes, c.unit)).to.equal(c.text));
    }
  });

  describe('round trips', () => {
    for (const bytes of fixture.roundTrips) {
      it(`${bytes} survives both forms`, () => {
        expect(formatExactAmount(parseBinarySize(formatBinarySizeShort(bytes)))).to.equal(bytes);
        expect(formatExactAmount(parseBinarySize(formatBinarySize(bytes)))).to.equal(bytes);
      });
    }

    it('any size read back from its short form is off by at most half a hundredth of its unit', () => {
      const next = seededRandom(7);
      for (let i = 0; i < 200; i += 1) {
        const bytes = exact(next())
          .mul(exact(1024).pow(next() % 5))
          .add(next() % 1024);
        const text = formatBinarySizeShort(bytes);
        const unit = BINARY_UNITS.find((u) => text.endsWith(u));
        const unitBytes = exact(1024).pow(unit ? BINARY_UNITS.indexOf(unit) + 1 : 0);
        const error = parseBinarySize(text).sub(bytes).abs();
        // two decimals of the unit, plus the fraction of a byte parsing truncates
        expect(error.lte(unitBytes.mul('0.005').add(1)), `${bytes.toFixed()} -> ${text}`).to.equal(true);
      }
    });
  });

  it('names the subject in errors', () => {
    expect(() => parseBinarySize('1.1', 'reservedMem')).to.throw('"reservedMem"');
    expect(() => parseBinarySize('1.1')).to.throw('"size"');
  });
});
