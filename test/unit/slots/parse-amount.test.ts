import { expect } from 'chai';
import { formatExactAmount, parseAmount, ResourceSlot, type SlotType, type SlotTypeMap } from '@tessera/core';
import { expectSlotError, loadSlotFixture, type ExpectedError } from './slot-fixtures';

interface AmountCase {
  slot: string;
  type: SlotType;
  input: string | number;
}

interface SlotsCase {
  input: Record<string, string | number>;
}

interface ParseFixture {
  good: Array<AmountCase & { expected: string }>;
  bad: Array<AmountCase & ExpectedError>;
  parseSlots: {
    known: SlotTypeMap;
    good: Array<SlotsCase & { expected: Record<string, string> }>;
    bad: Array<SlotsCase & ExpectedError>;
  };
}

const fixture = loadSlotFixture<ParseFixture>('parse-amount');

describe('slots: parsing user input (fixtures/slots/parse-amount.json)', () => {
  describe('accepted amounts', () => {
    for (const c of fixture.good) {
      it(`${c.slot} (${c.type}) ${JSON.stringify(c.input)} -> ${c.expected}`, () => {
        expect(formatExactAmount(parseAmount(c.slot, c.input, c.type))).to.equal(c.expected);
      });
    }
  });

  describe('refused amounts', () => {
    for (const c of fixture.bad) {
      it(`${c.slot} (${c.type}) ${JSON.stringify(c.input)}: ${c.messageIncludes.join(', ')}`, () => {
        const error = expectSlotError(() => parseAmount(c.slot, c.input, c.type), c);
        expect(error.status).to.equal(400);
        expect(error.details['slot']).to.equal(c.slot);
      });
    }
  });

  describe('ResourceSlot.parse', () => {
    const { known } = fixture.parseSlots;
    for (const c of fixture.parseSlots.good) {
      it(`accepts ${JSON.stringify(c.input)}`, () => {
        expect(ResourceSlot.parse(c.input, known).toJSON()).to.deep.equal(c.expected);
      });
    }
    for (const c of fixture.parseSlots.bad) {
      it(`refuses ${JSON.stringify(c.input)}`, () => {
        expectSlotError(() => ResourceSlot.parse(c.input, known), c);
      });
    }
    it('lists the known slots when refusing an unknown one', () => {
      const error = expectSlotError(() => ResourceSlot.parse({ 'tpu.device': 1 }, known), {
        code: 'unknown-resource-slot',
        messageIncludes: ['tpu.device'],
      });
      expect(error.details['known']).to.deep.equal(Object.keys(known).sort());
    });
  });

  it('defaults to the intrinsic slot types cpu and mem', () => {
    expect(ResourceSlot.parse({ cpu: '2', mem: '1g' }).toJSON()).to.deep.equal({
      cpu: '2',
      mem: '1073741824',
    });
    expectSlotError(() => ResourceSlot.parse({ 'cuda.shares': '1' }), {
      code: 'unknown-resource-slot',
      messageIncludes: ['"cuda.shares"'],
    });
  });
});
