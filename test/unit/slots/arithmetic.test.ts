import { expect } from 'chai';
import { ResourceSlot } from '@tessera/core';
import { expectSlotError, loadSlotFixture, type ExpectedError } from './slot-fixtures';

type Slots = Record<string, string>;

interface ArithmeticCase {
  name: string;
  a: Slots;
  b: Slots;
  sum?: Slots;
  sumError?: ExpectedError;
  difference?: Slots;
  differenceError?: ExpectedError;
}

const { cases } = loadSlotFixture<{ cases: ArithmeticCase[] }>('arithmetic');

describe('slots: add and subtract (fixtures/slots/arithmetic.json)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const a = ResourceSlot.fromJSON(c.a);
      const b = ResourceSlot.fromJSON(c.b);
      if (c.sum) expect(a.add(b).toJSON()).to.deep.equal(c.sum);
      if (c.sumError) expectSlotError(() => a.add(b), c.sumError);
      if (c.difference) expect(a.subtract(b).toJSON()).to.deep.equal(c.difference);
      if (c.differenceError) expectSlotError(() => a.subtract(b), c.differenceError);
    });
  }

  it('leaves both operands untouched (no key syncing as in upstream)', () => {
    const a = ResourceSlot.fromJSON({ cpu: '1' });
    const b = ResourceSlot.fromJSON({ mem: '1024' });
    a.add(b);
    a.subtract(b);
    a.compare(b);
    expect(a.keys()).to.deep.equal(['cpu']);
    expect(b.keys()).to.deep.equal(['mem']);
  });

  it('refuses amounts that are not numbers, naming the slot', () => {
    expectSlotError(() => ResourceSlot.fromJSON({ cpu: 'lots' }), {
      code: 'invalid-resource-amount',
      messageIncludes: ['"cpu"', '"lots"'],
    });
    expectSlotError(() => ResourceSlot.fromJSON({ cpu: 'NaN' }), {
      code: 'invalid-resource-amount',
      messageIncludes: ['"cpu"'],
    });
  });

  it('drops null amounts read from JSON', () => {
    expect(ResourceSlot.fromJSON({ cpu: '1', mem: null }).toJSON()).to.deep.equal({ cpu: '1' });
  });

  it('refuses slot names outside the grammar', () => {
    expectSlotError(() => new ResourceSlot([['cuda device', 1]]), {
      code: 'invalid-resource-slot',
      messageIncludes: ['"cuda device"'],
    });
  });
});
